-- The floor: plain DuckDB reading the same exports and computing the same marts (grades,
-- Pareto, TopN, period comparison, aging) with no Tierboard code around it. __EXPORTS__ and
-- __FLOOR__ are replaced with folders by bench/run.ts (__FLOOR__ holds UTF-8 copies of the GBK files).
create table orders as select * from read_csv('__EXPORTS__/orders.csv', header = true);
create table lines as select * from read_csv('__EXPORTS__/order_lines.csv', header = true);
create table invoices as
  select 发票号码 as invoice_id, 客户编号 as customer_id, cast(strptime(开票日期, '%Y/%m/%d') as date) as invoice_date,
    cast(到期日 as date) as due_date, cast(replace(发票金额, ',', '') as decimal(18, 2)) as amount
  from read_csv('__FLOOR__/invoices.csv', header = true, all_varchar = true);
create table payments as
  select 回款单号 as payment_id, 发票号码 as invoice_id, cast(strptime(回款日期, '%Y/%m/%d') as date) as payment_date,
    cast(replace(回款金额, ',', '') as decimal(18, 2)) as amount
  from read_csv('__FLOOR__/payments.csv', header = true, all_varchar = true);

create table sales as
  select o.order_date, o.customer_id, o.salesperson_id, l.product_id, l.amount as revenue, l.amount - l.cost as gross_profit
  from lines l join orders o using (order_id);

create table periods as
  select cast(y as varchar) as period, make_date(y, 1, 1) as period_start, make_date(y, 12, 31) as period_end
  from range((select year(min(order_date)) from orders), (select year(max(order_date)) + 1 from orders)) t(y)
  union all
  select 'T12M', cast(max(order_date) - interval 12 month + interval 1 day as date), max(order_date) from orders;

create table grades as
  with r as (
    select p.period, s.customer_id, sum(s.revenue) as revenue
    from sales s join periods p on s.order_date between p.period_start and p.period_end group by all),
  k as (select *, row_number() over (partition by period order by revenue desc, customer_id) as rnk,
    sum(greatest(revenue, 0)) over (partition by period) as total from r)
  select *, coalesce(sum(greatest(revenue, 0)) over (partition by period order by rnk rows between unbounded preceding and 1 preceding), 0) / total as share_before,
    case when revenue <= 0 then 'C'
      when coalesce(sum(greatest(revenue, 0)) over (partition by period order by rnk rows between unbounded preceding and 1 preceding), 0) / total < 0.8 then 'A'
      when coalesce(sum(greatest(revenue, 0)) over (partition by period order by rnk rows between unbounded preceding and 1 preceding), 0) / total < 0.95 then 'B'
      else 'C' end as grade
  from k;

create table pareto as
  select period, rnk, rnk / count(*) over (partition by period) as entity_share,
    sum(greatest(revenue, 0)) over (partition by period order by rnk) / total as value_share
  from grades;

create table topn as
  with r as (
    select p.period, 'product' as dimension, s.product_id as member, sum(s.revenue) as value
    from sales s join periods p on s.order_date between p.period_start and p.period_end group by all
    union all
    select period, 'customer', customer_id, revenue from grades),
  k as (select *, row_number() over (partition by period, dimension order by value desc, member) as rnk from r)
  select * from k where rnk <= 20;

create table period_comparison as
  with m as (select date_trunc('month', order_date) as month, salesperson_id, sum(revenue) as revenue from sales group by all),
  spine as (select cast(d as date) as month from range((select min(month) from m), (select max(month) from m) + interval 1 month, interval 1 month) t(d)),
  members as (select distinct salesperson_id from m union all select 'all'),
  filled as (
    select spine.month, members.salesperson_id,
      coalesce(case when members.salesperson_id = 'all' then (select sum(revenue) from m where m.month = spine.month)
        else (select revenue from m where m.month = spine.month and m.salesperson_id = members.salesperson_id) end, 0) as revenue
    from spine cross join members)
  select f.*, p.revenue as prev_value, y.revenue as yoy_value,
    case when p.revenue is null or p.revenue = 0 then null else (f.revenue - p.revenue) / abs(p.revenue) end as growth_rate,
    case when y.revenue is null or y.revenue = 0 then null else (f.revenue - y.revenue) / abs(y.revenue) end as yoy_growth_rate
  from filled f
  left join filled p on p.salesperson_id = f.salesperson_id and p.month = f.month - interval 1 month
  left join filled y on y.salesperson_id = f.salesperson_id and y.month = f.month - interval 1 year;

create table aging as
  with as_of as (select max(order_date) as d from orders),
  paid as (select invoice_id, sum(amount) as paid from payments, as_of where payment_date <= as_of.d group by 1),
  open as (
    select i.customer_id, i.amount - coalesce(paid.paid, 0) as open_amount, greatest(date_diff('day', i.due_date, as_of.d), 0) as days
    from invoices i cross join as_of left join paid using (invoice_id)
    where i.amount > 0 and i.invoice_date <= as_of.d and i.amount - coalesce(paid.paid, 0) > 0.005)
  select customer_id, sum(open_amount) filter (where days = 0) as current_amount,
    sum(open_amount) filter (where days between 1 and 30) as d1_30, sum(open_amount) filter (where days between 31 and 60) as d31_60,
    sum(open_amount) filter (where days between 61 and 90) as d61_90, sum(open_amount) filter (where days > 90) as over_90
  from open group by 1;
