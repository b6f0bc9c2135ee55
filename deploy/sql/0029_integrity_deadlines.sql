-- The lottery prize deadline reads the tickets still unpaid of a week of sale days.
create index lottery_tickets_unpaid_by_day on lottery_tickets (sale_date) where status = 'sold';
