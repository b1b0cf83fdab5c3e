package protocol

// ValidModelName reports whether name can name a pretrained model file
// (/web/models/{name}.llm): [A-Za-z0-9][A-Za-z0-9._-]{0,63}, so no slash,
// no leading dot and nothing that escapes the folder. The worker refuses
// other names; the page checks before it asks.
func ValidModelName(name string) bool {
	if len(name) == 0 || len(name) > 64 {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		alnum := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
		if !alnum && (i == 0 || c != '.' && c != '_' && c != '-') {
			return false
		}
	}
	return true
}
