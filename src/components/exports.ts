/** For each canonical table: what it feeds and which export fills it, so a page can say what is missing. */
export const TABLE_INFO: Record<string, { label: string; feeds: string; export: string }> = {
  order_lines: { label: "Order lines", feeds: "revenue, gross profit, grades, Pareto, TopN, growth", export: "sales lines (订单明细 / 销售明细) from the ERP" },
  orders: { label: "Sales orders", feeds: "order dates, salesperson credit", export: "sales orders (销售订单), or order date and customer on the lines" },
  customers: { label: "Customers", feeds: "customer profiles, regions, industries", export: "customer master (客户档案) from the CRM" },
  products: { label: "Products", feeds: "categories, product rankings", export: "product list (产品目录) from the ERP" },
  salespeople: { label: "Salespeople", feeds: "rankings and targets per salesperson", export: "users or salespeople (销售人员) from the CRM" },
  departments: { label: "Departments", feeds: "department breakdowns", export: "departments (部门) from the CRM" },
  invoices: { label: "Invoices", feeds: "receivables, aging, DSO", export: "invoices or receivables (发票 / 应收单) from finance" },
  payments: { label: "Payments", feeds: "receipts, credit behaviour in grades", export: "receipts (回款记录 / 收款单) from finance" },
  opportunities: { label: "Sales opportunities", feeds: "sales funnel, potential-customer grades", export: "opportunities (商机) from the CRM" },
  tickets: { label: "Service tickets", feeds: "service SLA by grade", export: "service tickets (服务工单) from the help desk" },
  targets: { label: "Targets", feeds: "targets vs actuals", export: "sales targets (销售目标) by month and salesperson" },
};
