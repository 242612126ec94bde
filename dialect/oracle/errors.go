package oracle

import (
	"database/sql/driver"
	"errors"
	"io"
	"net"

	"github.com/sijms/go-ora/v2/network"

	"github.com/athanordb/athanor/dialect"
)

// ClassifyError implements dialect.Dialect from the ORA- error code of a
// go-ora error (*network.OracleError):
//
//   - integrity: 00001 unique constraint, 01400 and 01407 NULL into a NOT
//     NULL column, 02290 check constraint, 02291 and 02292 foreign key
//     (parent key missing, child rows found), 01452 duplicate keys for a
//     unique index;
//   - programming: 00900 to 00999 (syntax, unknown table or column: 00942,
//     00904), unbound or misnamed parameters (01008, 01036), unknown
//     sequence or object (02289, 04043), privileges (01031), PL/SQL
//     compilation (06550);
//   - data: invalid numbers and dates, values too large, division by zero,
//     numeric overflow (01722, 01438, 12899, 01401, 01476, 01426, 018xx,
//     06502, ...);
//   - operational: deadlock (00060), a row locked with NOWAIT or a wait
//     timeout (00054, 30006), cancellation (01013), serialization (08177),
//     snapshot too old (01555), sessions and connections lost or refused,
//     logon failures, space exhausted; and network errors of the driver;
//   - internal: 00600, 07445;
//   - not supported: 03001 (unimplemented feature);
//   - every other ORA- error: database.
//
// Errors that did not come from the server or the network are
// KindUnknown.
func (d *Dialect) ClassifyError(err error) dialect.ErrorKind {
	var oe *network.OracleError
	if errors.As(err, &oe) {
		return classifyCode(oe.ErrCode)
	}
	var ne net.Error
	if errors.As(err, &ne) || errors.Is(err, network.ErrConnReset) {
		return dialect.KindOperational
	}
	return dialect.KindUnknown
}

func classifyCode(code int) dialect.ErrorKind {
	switch code {
	case 1, 1400, 1407, 1452, 2290, 2291, 2292:
		return dialect.KindIntegrity
	case 1008, 1031, 1036, 2289, 4043, 6550, 1918, 1435, 942:
		return dialect.KindProgramming
	case 1401, 1406, 1426, 1438, 1476, 1489, 1722, 1727, 1830, 1839, 1840, 1841, 1843, 1847,
		1850, 1851, 1852, 1858, 1861, 1862, 1867, 1873, 1878, 1882, 6502, 12899, 22835, 40441:
		return dialect.KindData
	case 54, 60, 18, 20, 28, 1012, 1013, 1017, 1033, 1034, 1089, 1090, 1092, 1555, 1653, 1654,
		1688, 1691, 3113, 3114, 3135, 4031, 4068, 6413, 8177, 12154, 12170, 12505, 12514,
		12516, 12519, 12520, 12526, 12527, 12528, 12537, 12541, 12543, 12545, 12547, 12560,
		12564, 12631, 25408, 28000, 28001, 28040, 28041, 30006, 30036:
		return dialect.KindOperational
	case 600, 7445:
		return dialect.KindInternal
	case 3001:
		return dialect.KindNotSupported
	}
	if code >= 900 && code <= 999 {
		return dialect.KindProgramming
	}
	return dialect.KindDatabase
}

var (
	_ dialect.DisconnectClassifier = (*Dialect)(nil)
	_ dialect.RetryClassifier      = (*Dialect)(nil)
)

// disconnectCodes are the ORA- codes of a lost session, as SQLAlchemy's
// Oracle dialect lists them: 00028 (session killed), 01012 (not logged
// on), 01033 (initialization or shutdown in progress), 01034 (Oracle not
// available), 01089 (immediate shutdown), 01092 (instance terminated),
// 02396 (maximum idle time exceeded), 03113 (end-of-file on the
// communication channel), 03114 (not connected), 03135 (connection lost
// contact), 12153 (not connected), 12537 and 12547 (connection closed,
// lost contact).
var disconnectCodes = map[int]bool{28: true, 1012: true, 1033: true, 1034: true, 1089: true, 1092: true,
	2396: true, 3113: true, 3114: true, 3135: true, 12153: true, 12537: true, 12547: true}

// IsDisconnect implements dialect.DisconnectClassifier: the codes above,
// the driver's broken connection (network.ErrConnReset), the socket's end
// and network errors.
func (d *Dialect) IsDisconnect(err error) bool {
	if err == nil {
		return false
	}
	var oe *network.OracleError
	if errors.As(err, &oe) {
		return disconnectCodes[oe.ErrCode]
	}
	var ne net.Error
	return errors.Is(err, network.ErrConnReset) || errors.Is(err, driver.ErrBadConn) ||
		errors.Is(err, io.EOF) || errors.As(err, &ne)
}

// IsRetryable implements dialect.RetryClassifier: a deadlock (ORA-00060)
// or a transaction that cannot be serialized (ORA-08177).
func (d *Dialect) IsRetryable(err error) bool {
	var oe *network.OracleError
	return errors.As(err, &oe) && (oe.ErrCode == 60 || oe.ErrCode == 8177)
}
