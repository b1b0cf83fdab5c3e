package modelfile

import "math"

// f16ToF32 expands an IEEE 754 binary16 value exactly.
func f16ToF32(h uint16) float32 {
	sign := uint32(h>>15) << 31
	exp := uint32(h>>10) & 0x1f
	man := uint32(h) & 0x3ff
	switch {
	case exp == 0x1f: // Inf or NaN
		return math.Float32frombits(sign | 0x7f800000 | man<<13)
	case exp != 0: // normal
		return math.Float32frombits(sign | (exp+112)<<23 | man<<13)
	case man == 0: // ±0
		return math.Float32frombits(sign)
	}
	// Subnormal: value = man · 2^−24.
	v := float32(man) / (1 << 24)
	if sign != 0 {
		v = -v
	}
	return v
}

// f32ToF16 rounds a finite float32 to the nearest binary16 (ties to even).
// ok is false if v is not finite or its magnitude rounds beyond 65504.
func f32ToF16(v float32) (h uint16, ok bool) {
	b := math.Float32bits(v)
	sign := uint16(b>>16) & 0x8000
	exp := int((b >> 23) & 0xff)
	man := b & 0x7fffff
	if exp == 0xff {
		return 0, false
	}
	e := exp - 127 + 15
	switch {
	case e >= 0x1f:
		return 0, false
	case e <= 0:
		// Subnormal half (or zero): shift the full significand.
		if e < -10 {
			return sign, true
		}
		m := man | 0x800000
		shift := uint(14 - e) // 13 + (1 − e)
		r := m >> shift
		rem := m & (1<<shift - 1)
		half := uint32(1) << (shift - 1)
		if rem > half || (rem == half && r&1 == 1) {
			r++
		}
		return sign | uint16(r), true
	}
	r := uint32(e)<<10 | man>>13
	rem := man & 0x1fff
	if rem > 0x1000 || (rem == 0x1000 && r&1 == 1) {
		r++ // may carry into the exponent, which is correct rounding
	}
	if r >= 0x7c00 {
		return 0, false
	}
	return sign | uint16(r), true
}
