// Package ent is ent's generated client for the bench tables (bench_read
// and bench_write), from the schemas in ./schema. The code is committed,
// so that running the benchmarks needs no code generation; after a change
// to a schema, regenerate it from the bench module with
//
//	go generate ./ent
package ent

//go:generate go run -mod=mod entgo.io/ent/cmd/ent generate ./schema
