package kit

import "testing"

// A width is kept while the fonts stay as they were, forgotten once they
// change (a web font measured in its fallback), and the cache stays bounded.
func TestWidthCacheForgetsOnFontLoad(t *testing.T) {
	var c widthCache
	if _, ok := c.get("12px a", "x", 0); ok {
		t.Fatal("an empty cache has a width")
	}
	c.put("12px a", "x", 7)
	if w, ok := c.get("12px a", "x", 0); !ok || w != 7 {
		t.Fatalf("get = %v, %v; want 7, true", w, ok)
	}
	if _, ok := c.get("12px b", "x", 0); ok {
		t.Error("another font's width came from the cache")
	}
	if _, ok := c.get("12px a", "x", 1); ok {
		t.Error("a width measured before the fonts loaded survived loadingdone")
	}
	c.put("12px a", "x", 9)
	if w, ok := c.get("12px a", "x", 1); !ok || w != 9 {
		t.Errorf("after remeasuring: get = %v, %v; want 9, true", w, ok)
	}
	for i := range 3 * maxTextWidths {
		c.put("12px a", string(rune('a'+i%26))+string(rune(i)), 1)
	}
	if len(c.m) > maxTextWidths {
		t.Errorf("%d widths kept, bound %d", len(c.m), maxTextWidths)
	}
}
