package sql

import (
	"fmt"
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/types"
)

func TestScratch(t *testing.T) {
	md := NewMetaData()
	mt := md.Table("mytable", NewColumn("myid", types.Integer{}, PrimaryKey()), NewColumn("name", types.String{Length: 30}), NewColumn("description", types.String{}))
	ot := md.Table("myothertable", NewColumn("otherid", types.Integer{}), NewColumn("othername", types.String{}))
	for _, s := range []Element{
		mt.Insert().Values(Values{"myid": 1, "name": "x"}),
		mt.Insert().Values(Values{"myid": 1, "name": "x"}, Values{"myid": 2, "name": "y"}),
		mt.Update().Values(Values{"name": "x"}).Where(mt.C("name").Eq("jill")),
		mt.Update().Values(Values{"name": ot.C("othername")}).Where(ot.C("otherid").Eq(mt.C("myid"))),
		mt.Delete().Where(mt.C("myid").Eq(7)),
		NewCreateTable(mt),
		mt.Insert(),
	} {
		c, err := Compile(s, dialect.Generic)
		if err != nil {
			fmt.Println("ERR", err)
			continue
		}
		fmt.Println(c.SQL, c.Params)
	}
}
