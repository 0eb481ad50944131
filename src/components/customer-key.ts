/** Where a customer's detail file lives; the same hash as the customer_file_key macro in macros/pages.sql. */
export function customerKey(id: string): string {
  let h = 0;
  for (const ch of id) h = (h * 31 + ch.codePointAt(0)!) % 1000003;
  return String(h);
}

export const customerDetailUrl = (base: string, id: string) => `${base}_file/data/customers/${customerKey(id)}.json`;
