export function customerKey(id) {
  let h = 0;
  for (const ch of id) h = (h * 31 + ch.codePointAt(0)) % 1000003;
  return String(h);
}
export const customerDetailUrl = (base, id) => `${base}data/customers/k=${customerKey(id)}/detail0.json`;
