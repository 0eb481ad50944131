/**
 * Built-in header aliases and value maps for common English and Chinese CRM/ERP exports,
 * so that a typical export loads with no mapping file. A mapping file adds to these.
 */
import type { TableName } from "../lib/schema.ts";

/** Table names as they appear in file and sheet names. */
export const TABLE_HINTS: Record<TableName, string[]> = {
  departments: ["departments", "department", "depts", "部门", "组织架构"],
  salespeople: ["salespeople", "salesperson", "sales_reps", "salesreps", "employees", "users", "销售人员", "业务员", "员工", "人员"],
  customers: ["customers", "customer", "accounts", "clients", "客户", "客户档案", "客户资料", "客户列表"],
  products: ["products", "product", "items", "sku", "skus", "产品", "商品", "物料", "产品目录"],
  orders: ["orders", "order_headers", "sales_orders", "contracts", "订单", "销售订单", "合同"],
  order_lines: ["order_lines", "orderlines", "order_items", "line_items", "sales_lines", "sales_detail", "sales", "订单明细", "销售明细", "出库明细", "明细"],
  invoices: ["invoices", "invoice", "bills", "receivables", "发票", "开票", "应收", "应收单"],
  payments: ["payments", "receipts", "collections", "回款", "收款", "回款记录", "收款单"],
  opportunities: ["opportunities", "opportunity", "deals", "pipeline", "商机", "销售机会", "机会"],
  tickets: ["tickets", "cases", "service_tickets", "support", "工单", "服务工单", "服务记录", "售后"],
  targets: ["targets", "quotas", "sales_targets", "目标", "销售目标", "业绩目标"],
};

const customerId = ["customer_id", "customer id", "customer code", "customer no", "customer number", "account id", "client id", "客户编号", "客户编码", "客户代码", "客户id", "客户ID"];
const customerName = ["customer_name", "customer name", "customer", "account name", "client", "客户名称", "客户", "客户全称", "公司名称"];
const productId = ["product_id", "product id", "product code", "sku", "item id", "item code", "产品编号", "产品编码", "商品编码", "物料编码", "物料编号", "存货编码", "产品代码"];
const productName = ["product_name", "product name", "product", "item name", "产品名称", "商品名称", "物料名称", "存货名称"];
const salespersonId = ["salesperson_id", "salesperson id", "sales rep id", "owner id", "rep id", "负责人编号", "销售员编号", "业务员编号", "员工编号", "负责人id"];
const salespersonName = ["salesperson_name", "salesperson", "sales rep", "owner", "rep", "负责人", "销售员", "业务员", "销售人员"];
const departmentId = ["department_id", "department", "dept", "department code", "部门编号", "部门编码", "部门", "所属部门"];
const orderId = ["order_id", "order id", "order no", "order number", "contract no", "订单编号", "订单号", "单据编号", "合同编号", "销售订单号"];
const orderDate = ["order_date", "order date", "date", "订单日期", "下单日期", "单据日期", "签约日期", "销售日期"];
const region = ["region", "区域", "大区", "销售区域"];
const province = ["province", "state", "省份", "省", "所在省份"];
const city = ["city", "城市", "市", "所在城市"];
const industry = ["industry", "行业", "所属行业"];
const amount = ["amount", "金额", "总金额"];

export const COLUMN_ALIASES: Record<TableName, Record<string, string[]>> = {
  departments: {
    department_id: ["department_id", "department id", "dept id", "code", "部门编号", "部门编码"],
    department_name: ["department_name", "department name", "name", "部门名称", "部门"],
    parent_department_id: ["parent_department_id", "parent id", "parent department", "上级部门", "上级部门编号"],
    region,
  },
  salespeople: {
    salesperson_id: [...salespersonId, "employee id", "user id", "id"],
    salesperson_name: [...salespersonName, "name", "姓名", "员工姓名"],
    department_id: departmentId,
    email: ["email", "e-mail", "邮箱", "电子邮件"],
    phone: ["phone", "mobile", "手机", "电话", "手机号"],
    hire_date: ["hire_date", "hire date", "入职日期"],
    is_active: ["is_active", "active", "在职", "是否在职"],
  },
  customers: {
    customer_id: [...customerId, "id"],
    customer_name: [...customerName, "name", "company"],
    customer_type: ["customer_type", "customer type", "type", "客户类型", "客户类别"],
    industry,
    province,
    city,
    region,
    employee_size: ["employee_size", "employees", "company size", "size", "人员规模", "员工人数", "企业规模"],
    source: ["source", "lead source", "客户来源", "来源"],
    owner_id: [...salespersonId, "owner", "负责人", "所属销售"],
    created_date: ["created_date", "created", "created date", "create date", "创建日期", "创建时间", "建档日期"],
    status: ["status", "状态", "客户状态"],
    contact_name: ["contact_name", "contact", "contact person", "联系人", "联系人姓名"],
    phone: ["phone", "mobile", "telephone", "手机", "电话", "联系电话", "手机号"],
    email: ["email", "e-mail", "邮箱", "电子邮件"],
    address: ["address", "地址", "详细地址", "通讯地址"],
    credit_limit: ["credit_limit", "credit limit", "信用额度"],
    payment_terms_days: ["payment_terms_days", "payment terms", "terms", "账期", "账期天数", "付款期限"],
    purchase_potential: ["purchase_potential", "purchase potential", "annual purchase potential", "annual purchases", "年采购额", "年采购量", "采购潜力"],
  },
  products: {
    product_id: [...productId, "id"],
    product_name: [...productName, "name"],
    category: ["category", "product category", "产品类别", "产品分类", "类别", "分类", "商品分类"],
    subcategory: ["subcategory", "sub-category", "sub category", "子类", "小类"],
    unit: ["unit", "uom", "单位", "计量单位"],
    list_price: ["list_price", "list price", "price", "标准价", "标准售价", "售价", "定价", "单价"],
    unit_cost: ["unit_cost", "unit cost", "cost", "standard cost", "成本价", "单位成本", "成本"],
    is_active: ["is_active", "active", "是否在售", "在售"],
  },
  orders: {
    order_id: orderId,
    order_date: orderDate,
    customer_id: customerId,
    salesperson_id: [...salespersonId, ...salespersonName],
    department_id: departmentId,
    order_type: ["order_type", "order type", "type", "订单类型", "单据类型"],
    status: ["status", "order status", "订单状态", "状态"],
    currency: ["currency", "币种", "币别"],
    ship_date: ["ship_date", "ship date", "发货日期", "出库日期"],
  },
  order_lines: {
    order_id: orderId,
    line_number: ["line_number", "line no", "line", "line_no", "行号", "序号"],
    product_id: productId,
    quantity: ["quantity", "qty", "数量", "销售数量", "出库数量"],
    unit_price: ["unit_price", "unit price", "price", "单价", "含税单价", "销售单价", "成交单价"],
    discount: ["discount", "discount rate", "折扣", "折扣率"],
    amount: ["amount", "sales", "revenue", "line amount", "net amount", "sales amount", "金额", "销售额", "销售金额", "价税合计", "成交金额"],
    cost: ["cost", "line cost", "total cost", "cost amount", "成本", "成本金额", "销售成本"],
    unit_cost: ["unit_cost", "unit cost", "成本单价", "单位成本"],
    profit: ["profit", "gross profit", "margin", "毛利", "毛利额"],
    order_date: orderDate,
    customer_id: customerId,
    customer_name: customerName,
    product_name: productName,
    category: ["category", "product category", "产品类别", "产品分类", "商品分类", "类别"],
    salesperson_id: salespersonId,
    salesperson_name: salespersonName,
    department_id: departmentId,
    region,
    province,
    city,
    industry,
  },
  invoices: {
    invoice_id: ["invoice_id", "invoice id", "invoice no", "invoice number", "发票号码", "发票号", "发票编号", "应收单号"],
    customer_id: customerId,
    order_id: orderId,
    invoice_date: ["invoice_date", "invoice date", "date", "开票日期", "发票日期", "单据日期"],
    due_date: ["due_date", "due date", "到期日", "到期日期", "应收日期", "预计回款日期"],
    amount: [...amount, "invoice amount", "发票金额", "开票金额", "应收金额", "价税合计"],
    currency: ["currency", "币种"],
    status: ["status", "状态"],
  },
  payments: {
    payment_id: ["payment_id", "payment id", "receipt id", "receipt no", "payment no", "回款单号", "收款单号", "回款编号"],
    customer_id: customerId,
    invoice_id: ["invoice_id", "invoice id", "invoice no", "发票号码", "发票号", "应收单号"],
    payment_date: ["payment_date", "payment date", "receipt date", "date", "回款日期", "收款日期", "到账日期"],
    amount: [...amount, "payment amount", "received", "回款金额", "收款金额", "到账金额"],
    method: ["method", "payment method", "付款方式", "收款方式", "结算方式"],
  },
  opportunities: {
    opportunity_id: ["opportunity_id", "opportunity id", "deal id", "id", "商机编号", "机会编号", "商机id"],
    customer_id: customerId,
    customer_name: customerName,
    opportunity_name: ["opportunity_name", "opportunity name", "deal name", "name", "商机名称", "机会名称"],
    stage: ["stage", "sales stage", "deal stage", "销售阶段", "阶段", "商机阶段"],
    amount: [...amount, "expected amount", "deal amount", "预计金额", "商机金额", "预计销售额"],
    probability: ["probability", "win probability", "win rate", "赢率", "成交概率", "赢单率"],
    expected_close_date: ["expected_close_date", "close date", "expected close date", "预计成交日期", "预计签单日期", "预计结单日期"],
    created_date: ["created_date", "created", "create date", "创建日期", "创建时间"],
    closed_date: ["closed_date", "closed", "实际成交日期", "结单日期", "关闭日期"],
    salesperson_id: [...salespersonId, ...salespersonName],
    source: ["source", "lead source", "商机来源", "来源"],
  },
  tickets: {
    ticket_id: ["ticket_id", "ticket id", "case id", "case number", "id", "工单编号", "工单号", "服务单号"],
    customer_id: customerId,
    created_at: ["created_at", "created", "opened", "created date", "创建时间", "报修时间", "受理时间"],
    first_response_at: ["first_response_at", "first response", "responded", "首次响应时间", "响应时间"],
    resolved_at: ["resolved_at", "resolved", "closed", "closed_at", "解决时间", "完成时间", "关闭时间"],
    priority: ["priority", "优先级", "紧急程度"],
    category: ["category", "type", "工单类型", "服务类型", "类别"],
    status: ["status", "状态", "工单状态"],
    channel: ["channel", "渠道", "来源渠道"],
  },
  targets: {
    period_start: ["period_start", "period", "month", "target month", "期间", "月份", "目标月份", "考核期间"],
    grain: ["grain", "period type", "周期", "目标周期"],
    salesperson_id: [...salespersonId, ...salespersonName],
    department_id: departmentId,
    target_amount: ["target_amount", "target", "quota", "target amount", "目标金额", "销售目标", "业绩目标", "目标"],
  },
};

/** Value maps: export wording (lower-cased, trimmed) -> canonical value. */
export const VALUE_MAPS: Record<string, Record<string, string>> = {
  stage: {
    lead: "lead", new: "lead", prospecting: "lead", "initial contact": "lead", 初步接洽: "lead", 线索: "lead", 初步沟通: "lead", 潜在: "lead",
    qualified: "qualified", qualification: "qualified", "needs analysis": "qualified", 需求确认: "qualified", 需求分析: "qualified", 立项: "qualified",
    proposal: "proposal", quote: "proposal", "proposal/price quote": "proposal", 方案报价: "proposal", 报价: "proposal", 方案制定: "proposal",
    negotiation: "negotiation", "negotiation/review": "negotiation", 谈判审核: "negotiation", 商务谈判: "negotiation", 谈判: "negotiation",
    won: "won", "closed won": "won", win: "won", 赢单: "won", 成交: "won", 已成交: "won", 签约: "won",
    lost: "lost", "closed lost": "lost", lose: "lost", 输单: "lost", 丢单: "lost", 失败: "lost", 已关闭: "lost",
  },
  priority: {
    low: "low", 低: "low", normal: "normal", medium: "normal", 中: "normal", 一般: "normal", 普通: "normal",
    high: "high", 高: "high", 紧急: "urgent", urgent: "urgent", critical: "urgent", 非常紧急: "urgent", 特急: "urgent",
  },
  grain: { month: "month", monthly: "month", 月: "month", 月度: "month", quarter: "quarter", quarterly: "quarter", 季: "quarter", 季度: "quarter", year: "year", yearly: "year", annual: "year", 年: "year", 年度: "year" },
};

export const BOOLEAN_WORDS = {
  true: ["true", "t", "yes", "y", "1", "是", "对", "有效", "在职", "启用", "√"],
  false: ["false", "f", "no", "n", "0", "否", "错", "无效", "离职", "停用", "×"],
};

export const NULL_WORDS = ["", "null", "n/a", "na", "#n/a", "none", "nil", "无", "空"];

/**
 * Date formats tried in order. Year-first forms come first; among day-month forms the US order
 * (as in many English exports) is tried before the European one; a mapping file can override.
 */
export const DEFAULT_DATE_FORMATS = [
  "%Y-%m-%d",
  "%Y/%m/%d",
  "%Y.%m.%d",
  "%Y年%m月%d日",
  "%Y-%m-%d %H:%M:%S",
  "%Y-%m-%d %H:%M",
  "%Y/%m/%d %H:%M:%S",
  "%Y/%m/%d %H:%M",
  "%Y-%m-%dT%H:%M:%S",
  "%Y-%m-%dT%H:%M:%S.%g",
  "%Y-%m-%dT%H:%M:%SZ",
  "%Y-%m-%dT%H:%M:%S.%gZ",
  "%Y年%m月%d日 %H:%M:%S",
  "%Y%m%d",
  "%m/%d/%Y",
  "%m/%d/%Y %H:%M:%S",
  "%m/%d/%Y %H:%M",
  "%d.%m.%Y",
  "%d-%b-%Y",
  "%b %d, %Y",
  "%Y-%m",
  "%Y/%m",
  "%Y年%m月",
];

export function normalizeHeader(h: string): string {
  return h
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[(（\[【][^)）\]】]*[)）\]】]/g, "")
    .replace(/[\s_\-.:：/#*]+/g, "");
}
