-- botdesk_api_key_hit (0006) counted one request per call; since 0013 every caller leases budget
-- through botdesk_api_key_lease, so the old function is no longer called anywhere.
DROP FUNCTION botdesk_api_key_hit(text, timestamptz);
