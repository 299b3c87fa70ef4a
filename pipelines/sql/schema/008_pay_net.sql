-- Schema version 8: pay «на руки» beside the gross. `ndfl_net_monthly(gross, day)` turns a
-- monthly gross ₽ into monthly net ₽ by the НДФЛ scale in force on `day`, taxing the annualised
-- (×12) amount by marginal bands — the same rule as pipelines/normalise/payroll.py
-- gross_to_net_monthly (tests/test_pay_net.py checks they agree). The dashboard's mart carries
-- the result per vacancy (`pay_mid_net_rub`), so a net median is a median of net pay, not the
-- net of a median, and the net switch costs the dashboard nothing at read time.
create or replace macro ndfl_net_monthly(gross, day) as (
    case
        when gross is null then null
        -- Before 2021: a flat 13 %.
        when coalesce(day::date, current_date) < date '2021-01-01' then gross * 0.87
        -- 2021–2024: 15 % above 5 M ₽ a year.
        when day::date < date '2025-01-01' then (
            case
                when gross * 12 <= 5000000 then gross * 12 * 0.87
                else 4350000 + (gross * 12 - 5000000) * 0.85
            end
        ) / 12
        -- From 2025: five bands (13/15/18/20/22 % above 0/2.4/5/20/50 M ₽ a year).
        else (
            case
                when gross * 12 <= 2400000 then gross * 12 * 0.87
                when gross * 12 <= 5000000 then 2088000 + (gross * 12 - 2400000) * 0.85
                when gross * 12 <= 20000000 then 4298000 + (gross * 12 - 5000000) * 0.82
                when gross * 12 <= 50000000 then 16598000 + (gross * 12 - 20000000) * 0.80
                else 40598000 + (gross * 12 - 50000000) * 0.78
            end
        ) / 12
    end
);
alter table dashboard_vacancies add column pay_mid_net_rub double;
update dashboard_vacancies set pay_mid_net_rub = ndfl_net_monthly(pay_mid_rub, published_at);
