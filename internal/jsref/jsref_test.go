package jsref

import "testing"

func TestRunStarknetJS(t *testing.T) {
	var out struct{ Sum string }
	MustRun(t, ReadStdin+`
import { hash } from 'starknet';
console.log(JSON.stringify({ Sum: hash.computePoseidonHashOnElements(input.xs) }));
`, map[string]any{"xs": []string{"0x1", "0x2"}}, &out)
	if out.Sum == "" || out.Sum[:2] != "0x" {
		t.Fatalf("unexpected output %q", out.Sum)
	}
}
