-- purpose: counting customers' presence in many date windows with one pass over the orders. The
--          windows' first days and the days after their last ones are cuts; the days between two
--          consecutive cuts form a segment, which lies inside or outside each window whole. Each order
--          falls in one segment; a customer's segments are one number (bit s for segment s), and
--          "bought in the window" is a bitwise and. At most 127 cuts (126 segments) per query.
-- params: none
-- returns: segment_days(cuts): (day, s) for every day from the first cut up to the day before the
--          last, where cuts is a sorted list of distinct dates (list_sort(list_distinct(...))) and s
--          counts from 0; segment_of(cuts, cut): the segment starting at a cut; segment_bit(s): the bit
--          of segment s (a hugeint); window_bits(cuts, first, last): the bits of the segments making up
--          [first, last] (first and last + 1 must be cuts)
create or replace macro segment_days(cuts) as table
    select unnest(range(cuts[i]::timestamp, cuts[i + 1]::timestamp, interval 1 day))::date as day,
        (i - 1)::integer as s,
    from range(1, len(cuts)) as segments(i);

create or replace macro segment_of(cuts, cut) as
    list_position(cuts, cut) - 1;

create or replace macro segment_bit(s) as
    1::hugeint << s;

create or replace macro window_bits(cuts, first_day, last_day) as
    segment_bit(segment_of(cuts, last_day + 1)) - segment_bit(segment_of(cuts, first_day));
