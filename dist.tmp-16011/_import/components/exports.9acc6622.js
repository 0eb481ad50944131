export const TABLE_INFO = {
  order_lines: { label: "Order lines", feeds: "revenue, gross profit, grades, Pareto, TopN, growth", export: "sales lines (\u8BA2\u5355\u660E\u7EC6 / \u9500\u552E\u660E\u7EC6) from the ERP" },
  orders: { label: "Orders", feeds: "order dates, salesperson credit", export: "sales orders (\u9500\u552E\u8BA2\u5355), or order date and customer on the lines" },
  customers: { label: "Customers", feeds: "customer profiles, regions, industries", export: "customer master (\u5BA2\u6237\u6863\u6848) from the CRM" },
  products: { label: "Products", feeds: "categories, product rankings", export: "product list (\u4EA7\u54C1\u76EE\u5F55) from the ERP" },
  salespeople: { label: "Salespeople", feeds: "rankings and targets per salesperson", export: "users or salespeople (\u9500\u552E\u4EBA\u5458) from the CRM" },
  departments: { label: "Departments", feeds: "department breakdowns", export: "departments (\u90E8\u95E8) from the CRM" },
  invoices: { label: "Invoices", feeds: "receivables, aging, DSO", export: "invoices or receivables (\u53D1\u7968 / \u5E94\u6536\u5355) from finance" },
  payments: { label: "Payments", feeds: "receipts, credit behaviour in grades", export: "receipts (\u56DE\u6B3E\u8BB0\u5F55 / \u6536\u6B3E\u5355) from finance" },
  opportunities: { label: "Opportunities", feeds: "sales funnel, potential-customer grades", export: "opportunities (\u5546\u673A) from the CRM" },
  tickets: { label: "Service tickets", feeds: "service SLA by grade", export: "service tickets (\u670D\u52A1\u5DE5\u5355) from the help desk" },
  targets: { label: "Targets", feeds: "targets vs actuals", export: "sales targets (\u9500\u552E\u76EE\u6807) by month and salesperson" }
};
