// Package felt is Cairn's one field element type: an element of the Stark252
// field, p = 2^251 + 17·2^192 + 1, over gnark-crypto's stark-curve fp.Element.
//
// The API is receiver-style like gnark-crypto's (z.Add(x, y) sets z = x + y and
// returns z). JSON is canonical 0x-prefixed lowercase hex without leading
// zeros; decoding rejects anything that is not a canonical value below p.
// Address, ClassHash and TxHash are named kinds of Felt for readability.
package felt
