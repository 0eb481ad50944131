/**
 * The base of every failure a user should see as one line (bad input, bad usage, a missing
 * warehouse): the CLI prints its message and exits 1. Anything else is a bug and keeps its stack.
 */
export class UserError extends Error {}

/** zod's issues as lines a user can act on: the path of each setting and what is wrong with it. */
export function formatIssues(issues: { path: PropertyKey[]; message: string }[]): string {
  return issues.map((i) => `  - ${i.path.length ? i.path.map(String).join(".") : "(top level)"}: ${i.message}`).join("\n");
}
