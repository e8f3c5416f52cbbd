-- purpose: the order in which a customer's orders happened, written once: by date, then by time of
--          day to the second (orders without a time after the timed ones of their day); the first
--          order's channel and the last order's manager follow it. A bigint (two aggregates of it cost
--          half what hugeints do): dates 1900-2999 leave room for 2^27 distinct values
-- params: none
-- returns: order_moment(order_date, order_ts): a number that grows with that order (equal only for the
--          same date and second of the day); pick_radix(ranks): a power of two above ranks + 1;
--          pick_first/pick_last(order_date, order_ts, rank, radix): the moment with a value's
--          alphabetical rank (1..ranks, null when missing) packed under it, so min()/max() over them
--          carry the value of the first/last order as one number (ties at the same moment: the
--          alphabetically first value; a missing value loses ties); first_rank/last_rank(packed,
--          radix): that rank again (radix - 1 when the value was missing)
create or replace macro order_moment(order_date, order_ts) as
    (order_date - date '1900-01-01')::bigint * 86401
        + coalesce((epoch_us(order_ts) - epoch_us(order_ts::date)) // 1000000, 86400);

create or replace macro pick_radix(ranks) as
    cast(2 ** ceil(log2(ranks + 2)) as bigint);

create or replace macro pick_first(order_date, order_ts, rank, radix) as
    order_moment(order_date, order_ts) * radix + coalesce(rank, radix - 1);

create or replace macro pick_last(order_date, order_ts, rank, radix) as
    order_moment(order_date, order_ts) * radix + (radix - 1 - coalesce(rank, radix - 1));

create or replace macro first_rank(packed, radix) as
    packed & (radix - 1);

create or replace macro last_rank(packed, radix) as
    radix - 1 - (packed & (radix - 1));
