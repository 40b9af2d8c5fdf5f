package asm

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"strings"
)

// MarshalJSON writes a structured hint in the serde form of the Cairo
// compiler: {"Name":{"field":…}} in field declaration order, or "Name" for
// hints without fields. Python hints cannot be marshalled this way.
func (h Hint) MarshalJSON() ([]byte, error) {
	if !h.IsStructured() {
		return nil, fmt.Errorf("%w: a Python hint has no CASM JSON form", ErrBadHint)
	}
	if hintSpecs[h.Name] == nil {
		return json.Marshal(h.Name)
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "{%q:{", h.Name)
	for i, a := range h.Args {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "%q:", a.Name)
		switch a.kind {
		case fCell:
			writeCell(&b, a.Cell)
		case fBig:
			fmt.Fprintf(&b, "%q", bigHex(a.Big))
		default:
			writeRes(&b, a.Res)
		}
	}
	b.WriteString("}}")
	return b.Bytes(), nil
}

func writeCell(b *bytes.Buffer, c CellRef) {
	fmt.Fprintf(b, `{"register":"%s","offset":%d}`, strings.ToUpper(c.Reg.String()), c.Off)
}

func writeRes(b *bytes.Buffer, r ResOperand) {
	switch r.Kind {
	case ResDeref:
		b.WriteString(`{"Deref":`)
		writeCell(b, r.Cell)
		b.WriteString("}")
	case ResDoubleDeref:
		b.WriteString(`{"DoubleDeref":[`)
		writeCell(b, r.Cell)
		fmt.Fprintf(b, ",%d]}", r.Offset)
	case ResImmediate:
		fmt.Fprintf(b, `{"Immediate":%q}`, bigHex(r.Imm))
	case ResBinOp:
		op := "Add"
		if r.Mul {
			op = "Mul"
		}
		fmt.Fprintf(b, `{"BinOp":{"op":%q,"a":`, op)
		writeCell(b, r.Cell)
		b.WriteString(`,"b":`)
		if r.BCell != nil {
			b.WriteString(`{"Deref":`)
			writeCell(b, *r.BCell)
			b.WriteString("}")
		} else {
			fmt.Fprintf(b, `{"Immediate":%q}`, bigHex(r.Imm))
		}
		b.WriteString("}}")
	}
}

// bigHex writes a signed integer as serde's BigIntAsHex: "0x1f", "-0x1".
func bigHex(v *big.Int) string {
	if v.Sign() < 0 {
		return "-0x" + new(big.Int).Neg(v).Text(16)
	}
	return "0x" + v.Text(16)
}

type jsonCell struct {
	Register string `json:"register"`
	Offset   *int   `json:"offset"`
}

// UnmarshalJSON reads a structured hint in the Cairo compiler's serde form.
func (h *Hint) UnmarshalJSON(data []byte) error {
	var name string
	if err := json.Unmarshal(data, &name); err == nil {
		spec, ok := hintSpecs[name]
		if !ok || spec != nil {
			return fmt.Errorf("%w: unknown hint %q", ErrBadHint, name)
		}
		*h = Hint{Name: name}
		return nil
	}
	var outer map[string]map[string]json.RawMessage
	if err := json.Unmarshal(data, &outer); err != nil || len(outer) != 1 {
		return fmt.Errorf("%w: want {\"Name\": {fields}}", ErrBadHint)
	}
	for n, fields := range outer {
		spec, ok := hintSpecs[n]
		if !ok || spec == nil {
			return fmt.Errorf("%w: unknown hint %q", ErrBadHint, n)
		}
		if len(fields) != len(spec) {
			return fmt.Errorf("%w: %s wants fields %s", ErrBadHint, n, fieldNames(spec))
		}
		out := Hint{Name: n}
		for _, f := range spec {
			raw, ok := fields[f.name]
			if !ok {
				return fmt.Errorf("%w: %s: missing field %s", ErrBadHint, n, f.name)
			}
			arg, err := decodeArg(f, raw)
			if err != nil {
				return fmt.Errorf("%w: %s.%s: %v", ErrBadHint, n, f.name, err)
			}
			out.Args = append(out.Args, arg)
		}
		*h = out
	}
	return nil
}

func decodeArg(f hintField, raw json.RawMessage) (HintArg, error) {
	arg := HintArg{Name: f.name, kind: f.kind}
	var err error
	switch f.kind {
	case fCell:
		arg.Cell, err = decodeCell(raw)
	case fBig:
		arg.Big, err = decodeBig(raw)
	default:
		arg.Res, err = decodeRes(raw)
	}
	return arg, err
}

func decodeCell(raw json.RawMessage) (CellRef, error) {
	var c jsonCell
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return CellRef{}, err
	}
	if c.Offset == nil || !inOffsetRange(*c.Offset) {
		return CellRef{}, fmt.Errorf("bad or missing offset")
	}
	switch c.Register {
	case "AP":
		return CellRef{Reg: AP, Off: *c.Offset}, nil
	case "FP":
		return CellRef{Reg: FP, Off: *c.Offset}, nil
	}
	return CellRef{}, fmt.Errorf("bad register %q", c.Register)
}

func decodeBig(raw json.RawMessage) (*big.Int, error) {
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return nil, err
	}
	neg := strings.HasPrefix(s, "-")
	digits, ok := strings.CutPrefix(strings.TrimPrefix(s, "-"), "0x")
	v, ok2 := new(big.Int).SetString(digits, 16)
	if !ok || !ok2 || digits == "" || strings.ContainsAny(digits, "+-_") || v.BitLen() > maxBits {
		return nil, fmt.Errorf("bad hex integer %q", s)
	}
	if neg {
		v.Neg(v)
	}
	return v, nil
}

func decodeRes(raw json.RawMessage) (ResOperand, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil || len(m) != 1 {
		return ResOperand{}, fmt.Errorf("want one of Deref, DoubleDeref, Immediate, BinOp")
	}
	var err error
	var r ResOperand
	for k, v := range m {
		switch k {
		case "Deref":
			r.Kind = ResDeref
			r.Cell, err = decodeCell(v)
		case "DoubleDeref":
			r.Kind = ResDoubleDeref
			var pair []json.RawMessage
			if err = json.Unmarshal(v, &pair); err != nil || len(pair) != 2 {
				return r, fmt.Errorf("DoubleDeref wants [cell, offset]")
			}
			if r.Cell, err = decodeCell(pair[0]); err != nil {
				return r, err
			}
			if err = json.Unmarshal(pair[1], &r.Offset); err != nil || !inOffsetRange(r.Offset) {
				return r, fmt.Errorf("bad DoubleDeref offset")
			}
		case "Immediate":
			r.Kind = ResImmediate
			r.Imm, err = decodeBig(v)
		case "BinOp":
			r.Kind = ResBinOp
			err = decodeBinOp(v, &r)
		default:
			return r, fmt.Errorf("unknown operand %q", k)
		}
	}
	return r, err
}

func decodeBinOp(raw json.RawMessage, r *ResOperand) error {
	var b struct {
		Op string          `json:"op"`
		A  json.RawMessage `json:"a"`
		B  json.RawMessage `json:"b"`
	}
	if err := json.Unmarshal(raw, &b); err != nil {
		return err
	}
	switch b.Op {
	case "Add":
	case "Mul":
		r.Mul = true
	default:
		return fmt.Errorf("bad op %q", b.Op)
	}
	var err error
	if r.Cell, err = decodeCell(b.A); err != nil {
		return err
	}
	inner, err := decodeRes(b.B)
	if err != nil {
		return err
	}
	switch inner.Kind {
	case ResDeref:
		c := inner.Cell
		r.BCell = &c
	case ResImmediate:
		r.Imm = inner.Imm
	default:
		return fmt.Errorf("BinOp b must be Deref or Immediate")
	}
	return nil
}

// Text returns the hint body in assembly syntax, e.g.
// "TestLessThan { lhs: [ap + 0], rhs: 256, dst: [ap + 1] }".
func (h *Hint) Text() string {
	if !h.IsStructured() {
		return h.Code
	}
	if len(h.Args) == 0 {
		return h.Name
	}
	parts := make([]string, len(h.Args))
	for i, a := range h.Args {
		var v string
		switch a.kind {
		case fCell:
			v = cellText(a.Cell.Reg, a.Cell.Off)
		case fBig:
			v = intText(a.Big)
		default:
			v = resOperandText(a.Res)
		}
		parts[i] = a.Name + ": " + v
	}
	return h.Name + " { " + strings.Join(parts, ", ") + " }"
}

func resOperandText(r ResOperand) string {
	c := cellText(r.Cell.Reg, r.Cell.Off)
	switch r.Kind {
	case ResDoubleDeref:
		return fmt.Sprintf("[%s + %d]", c, r.Offset)
	case ResImmediate:
		return intText(r.Imm)
	case ResBinOp:
		op := " + "
		if r.Mul {
			op = " * "
		}
		if r.BCell != nil {
			return c + op + cellText(r.BCell.Reg, r.BCell.Off)
		}
		b := intText(r.Imm)
		if r.Imm.Sign() < 0 {
			b = "(" + b + ")"
		}
		return c + op + b
	}
	return c
}
