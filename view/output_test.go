package view

import (
	"bytes"
	"testing"
)

func TestPrintBuildsOnlyTheFormatAsked(t *testing.T) {
	var buf bytes.Buffer
	text := func() string { return "report\n" }
	doc := func() any { t.Error("the JSON document is built for text output"); return nil }
	if err := Print(&buf, "text", doc, text); err != nil || buf.String() != "report\n" {
		t.Errorf("text: %q, %v", buf.String(), err)
	}
	buf.Reset()
	noText := func() string { t.Error("the text report is built for JSON output"); return "" }
	if err := Print(&buf, "json", func() any { return map[string]string{"a": "<b>"} }, noText); err != nil || buf.String() != "{\n  \"a\": \"<b>\"\n}\n" {
		t.Errorf("json: %q, %v", buf.String(), err)
	}
}
