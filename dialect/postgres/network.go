package postgres

import (
	"fmt"
	"net"
	"net/netip"
	"reflect"
	"strings"

	"github.com/athanordb/athanor/types"
)

var (
	prefixType = reflect.TypeFor[netip.Prefix]()
	macType    = reflect.TypeFor[net.HardwareAddr]()
)

// INET is PostgreSQL's inet: an IPv4 or IPv6 host address, with the
// netmask of its network when it has one (192.168.1.5/24). Values are
// netip.Prefix; a bare host address is the prefix of its full length
// (10.0.0.1/32, ::1/128), as PostgreSQL reads it. Bound values may be
// netip.Prefix, netip.Addr, net.IP, *net.IPNet, net.IPNet, or text
// PostgreSQL reads.
type INET struct{}

// CIDR is PostgreSQL's cidr: an IPv4 or IPv6 network (10.0.0.0/8).
// Values are netip.Prefix; bound values as for INET. PostgreSQL refuses a
// network with bits set right of its mask (10.0.0.1/8): Prefix.Masked
// clears them.
type CIDR struct{}

// MACADDR is PostgreSQL's macaddr: a 6-byte MAC address. Values are
// net.HardwareAddr; bound values may also be text PostgreSQL reads
// (08:00:2b:01:02:03, 0800.2b01.0203, ...).
type MACADDR struct{}

var (
	_ types.Type = INET{}
	_ types.Type = CIDR{}
	_ types.Type = MACADDR{}
)

// Affinity implements types.Type.
func (INET) Affinity() types.Affinity { return types.AffinityNone }

// GoType implements types.Type: netip.Prefix.
func (INET) GoType() reflect.Type { return prefixType }

// BindConverter implements types.Type.
func (t INET) BindConverter() types.Converter { return bindNet(t) }

// ResultConverter implements types.Type.
func (t INET) ResultConverter() types.Converter { return resultNet(t) }

// String implements types.Type.
func (INET) String() string { return "INET" }

// Affinity implements types.Type.
func (CIDR) Affinity() types.Affinity { return types.AffinityNone }

// GoType implements types.Type: netip.Prefix.
func (CIDR) GoType() reflect.Type { return prefixType }

// BindConverter implements types.Type.
func (t CIDR) BindConverter() types.Converter { return bindNet(t) }

// ResultConverter implements types.Type.
func (t CIDR) ResultConverter() types.Converter { return resultNet(t) }

// String implements types.Type.
func (CIDR) String() string { return "CIDR" }

// bindNet returns the bind conversion of INET and CIDR: the Go forms of
// addresses and networks (and pointers to them; nil is NULL) become the
// text PostgreSQL reads; other values (text, driver.Valuer) go to the
// driver as they are. The zero Prefix and Addr are refused.
func bindNet(t types.Type) types.Converter {
	var conv types.Converter
	conv = func(v any) (any, error) {
		switch x := v.(type) {
		case *netip.Prefix:
			if x == nil {
				return nil, nil
			}
			return conv(*x)
		case *netip.Addr:
			if x == nil {
				return nil, nil
			}
			return conv(*x)
		case netip.Prefix:
			if !x.IsValid() {
				return nil, &types.ConversionError{Type: t, Value: v, Err: fmt.Errorf("%w: the zero netip.Prefix", types.ErrUnsupportedValue)}
			}
			return x.String(), nil
		case netip.Addr:
			if !x.IsValid() {
				return nil, &types.ConversionError{Type: t, Value: v, Err: fmt.Errorf("%w: the zero netip.Addr", types.ErrUnsupportedValue)}
			}
			return x.String(), nil
		case net.IP:
			if x == nil {
				return nil, nil
			}
			return x.String(), nil
		case *net.IPNet:
			if x == nil {
				return nil, nil
			}
			return x.String(), nil
		case net.IPNet:
			return x.String(), nil
		}
		return v, nil
	}
	return conv
}

// resultNet reads inet and cidr text: an address with or without a
// prefix length.
func resultNet(t types.Type) types.Converter {
	return func(v any) (any, error) {
		if p, ok := v.(netip.Prefix); ok {
			return p, nil
		}
		return parseText(t, v, parsePrefix)
	}
}

// parseText reads a value the driver gives as text (a string or bytes)
// with parse; another value, or text parse refuses, is a
// ConversionError of t.
func parseText[R any](t types.Type, v any, parse func(string) (R, error)) (any, error) {
	var s string
	switch x := v.(type) {
	case string:
		s = x
	case []byte:
		s = string(x)
	default:
		return nil, &types.ConversionError{Type: t, Value: v, Err: types.ErrUnsupportedValue}
	}
	out, err := parse(strings.TrimSpace(s))
	if err != nil {
		return nil, &types.ConversionError{Type: t, Value: v, Err: err}
	}
	return out, nil
}

// parsePrefix reads an address with a prefix length, or a bare address
// as the prefix of its full length.
func parsePrefix(s string) (netip.Prefix, error) {
	if strings.Contains(s, "/") {
		return netip.ParsePrefix(s)
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, err
	}
	return netip.PrefixFrom(a, a.BitLen()), nil
}

// Affinity implements types.Type.
func (MACADDR) Affinity() types.Affinity { return types.AffinityNone }

// GoType implements types.Type: net.HardwareAddr.
func (MACADDR) GoType() reflect.Type { return macType }

// BindConverter implements types.Type: a net.HardwareAddr becomes its
// text; other values go to the driver as they are.
func (MACADDR) BindConverter() types.Converter {
	return func(v any) (any, error) {
		switch x := v.(type) {
		case net.HardwareAddr:
			if x == nil {
				return nil, nil
			}
			return x.String(), nil
		case *net.HardwareAddr:
			if x == nil || *x == nil {
				return nil, nil
			}
			return x.String(), nil
		}
		return v, nil
	}
}

// ResultConverter implements types.Type.
func (t MACADDR) ResultConverter() types.Converter {
	return func(v any) (any, error) { return parseText(t, v, net.ParseMAC) }
}

// String implements types.Type.
func (MACADDR) String() string { return "MACADDR" }
