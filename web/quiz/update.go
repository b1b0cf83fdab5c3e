package quiz

import "fmt"

// UpdateProgress reads the stored progress afresh, applies change to it and
// stores the result, which it returns. Reading first means that several
// quizzes on one page (or the same lesson in two tabs) never overwrite each
// other's answers with a copy read earlier. notice is LoadProgress's notice
// (stored data was unreadable and has been reset).
func UpdateProgress(change func(*Progress)) (p *Progress, notice string, err error) {
	p, notice = LoadProgress()
	change(p)
	if err := SaveProgress(p); err != nil {
		return p, notice, fmt.Errorf("update quiz progress: %w", err)
	}
	return p, notice, nil
}
