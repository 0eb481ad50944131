/** The model graph: dependency order, cycles, and dbt-style selection. */
import { ProjectError, type Project } from "./project.ts";

export function children(project: Project): Map<string, string[]> {
  const out = new Map<string, string[]>([...project.nodes.keys()].map((k) => [k, []]));
  for (const node of project.nodes.values()) for (const r of node.refs) out.get(r)?.push(node.name);
  return out;
}

/** Every model in an order where each comes after what it refs; a cycle is an error naming it. */
export function topoOrder(project: Project): string[] {
  for (const node of project.nodes.values())
    for (const r of node.refs) if (!project.nodes.has(r)) throw new ProjectError(`${node.path}: ref('${r}') names no model or seed`);
  const order: string[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (name: string, path: string[]) => {
    const s = state.get(name);
    if (s === "done") return;
    if (s === "visiting") {
      const cycle = [...path.slice(path.indexOf(name)), name];
      throw new ProjectError(`dependency cycle: ${cycle.join(" -> ")}`);
    }
    state.set(name, "visiting");
    for (const p of [...project.nodes.get(name)!.refs].sort()) visit(p, [...path, name]);
    state.set(name, "done");
    order.push(name);
  };
  for (const name of [...project.nodes.keys()].sort()) visit(name, []);
  return order;
}

/**
 * Selection as in dbt: `name`, `name+` (and what depends on it), `+name` (and what it depends
 * on), `+name+`, `path:models/marts` (every model under a folder); several separated by spaces.
 */
export function select(project: Project, selector?: string): Set<string> {
  if (!selector || !selector.trim()) return new Set(project.nodes.keys());
  const kids = children(project);
  const out = new Set<string>();
  const up = (n: string) => {
    for (const p of project.nodes.get(n)!.refs) if (!out.has(p)) (out.add(p), up(p));
  };
  const down = (n: string) => {
    for (const c of kids.get(n) ?? []) if (!out.has(c)) (out.add(c), down(c));
  };
  for (const term of selector.trim().split(/[\s,]+/)) {
    if (term.startsWith("path:")) {
      const prefix = term.slice(5).replace(/\/+$/, "");
      const hits = [...project.nodes.values()].filter((n) => n.path === prefix || n.path.startsWith(prefix + "/"));
      if (hits.length === 0) throw new ProjectError(`--select ${term}: no model under ${prefix}`);
      for (const n of hits) out.add(n.name);
      continue;
    }
    const before = term.startsWith("+");
    const after = term.endsWith("+");
    const name = term.replace(/^\+|\+$/g, "");
    if (!project.nodes.has(name)) throw new ProjectError(`--select ${term}: no model named ${name}`);
    out.add(name);
    if (before) up(name);
    if (after) down(name);
  }
  return out;
}
