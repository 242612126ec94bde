package mysql

import "github.com/athanordb/athanor/dialect"

// Reserved words: an identifier spelled like one is quoted. The lists
// follow the servers' manuals (the words marked reserved in MySQL 8's
// keyword list, and MariaDB's reserved words).
const reservedCommon = `accessible add all alter analyze and as asc asensitive before between
bigint binary blob both by call cascade case change char character check collate column
condition constraint continue convert create cross current_date current_time current_timestamp
current_user cursor database databases day_hour day_microsecond day_minute day_second dec
decimal declare default delayed delete desc describe deterministic distinct distinctrow div
double drop dual each else elseif enclosed escaped except exists exit explain false fetch
float float4 float8 for force foreign from fulltext general grant group having high_priority
hour_microsecond hour_minute hour_second if ignore ignore_server_ids in index infile inner
inout insensitive insert int int1 int2 int3 int4 int8 integer intersect interval into is
iterate join key keys kill leading leave left like limit linear lines load localtime
localtimestamp lock long longblob longtext loop low_priority master_heartbeat_period
master_ssl_verify_server_cert match maxvalue mediumblob mediumint mediumtext middleint
minute_microsecond minute_second mod modifies natural no_write_to_binlog not null numeric
on optimize option optionally or order out outer outfile over partition precision primary
procedure purge range read read_write reads real recursive references regexp release rename
repeat replace require resignal restrict return revoke right rlike rows schema schemas
second_microsecond select sensitive separator set show signal slow smallint spatial specific
sql sql_big_result sql_calc_found_rows sql_small_result sqlexception sqlstate sqlwarning ssl
starting straight_join table terminated then tinyblob tinyint tinytext to trailing trigger
true undo union unique unlock unsigned update usage use using utc_date utc_time
utc_timestamp values varbinary varchar varcharacter varying when where while window with
write xor year_month zerofill`

const reservedMySQL = `admin array cube cume_dist dense_rank empty first_value function
generated get get_master_public_key grouping groups io_after_gtids io_before_gtids json_table
lag last_value lateral lead manual nth_value ntile of optimizer_costs parallel percent_rank
qualify rank row row_number stored system virtual`

const reservedMariaDB = `current_role do_domain_ids ignore_domain_ids offset page_checksum
parse_vcol_expr position ref_system_id returning row_number stats_auto_recalc
stats_persistent stats_sample_pages body elsif goto history others package period raise
rowtype system system_time versioning without`

func reservedWords(mariadb bool) map[string]bool {
	if mariadb {
		return dialect.ReservedWords(reservedCommon, reservedMariaDB)
	}
	return dialect.ReservedWords(reservedCommon, reservedMySQL)
}
