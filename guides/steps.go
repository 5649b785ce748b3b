package guides

import "tiepsuc/internal/jsontree"

// steps reads the guide's steps, locating each problem by step number and id.
func (c *checker) steps(n *jsontree.Node) []Step {
	if !c.list("steps", n, true) {
		return nil
	}
	switch {
	case len(n.Items) == 0:
		c.add("steps", "empty; a guide has 1 to %d steps", maxSteps)
		return nil
	case len(n.Items) > maxSteps:
		c.add("steps", "has %d steps, at most %d; split the guide in two",
			len(n.Items), maxSteps)
	}

	out := make([]Step, 0, len(n.Items))
	firstUse := map[string]int{}
	for i, it := range n.Items {
		c.step, c.stepID = i+1, ""
		if id := it.Get("id"); id != nil && id.Kind == jsontree.String {
			c.stepID = id.Text
		}
		s := c.oneStep(it)
		if prev, dup := firstUse[s.ID]; dup && s.ID != "" {
			c.add("id", "%q is also the id of step %d", s.ID, prev)
		} else if s.ID != "" {
			firstUse[s.ID] = i + 1
		}
		out = append(out, s)
	}
	c.step, c.stepID = 0, ""
	return out
}

// oneStep reads one step; c.step and c.stepID already locate it.
func (c *checker) oneStep(n *jsontree.Node) Step {
	if !c.object("", n, stepFields) {
		return Step{}
	}
	var s Step
	if id, ok := c.str("id", n.Get("id"), true); ok {
		s.ID = id
		if !validID(id) {
			c.add("id", "%q is not an id: use lower-case letters, digits and single dashes", id)
		}
	}
	s.Title = c.text("title", n.Get("title"), titleLimit)
	s.Text = c.text("text", n.Get("text"), textLimit)
	if pic, ok := c.str("picture", n.Get("picture"), false); ok {
		s.Picture = pic
		if !validPictureName(pic) {
			c.add("picture", "%q is not a picture name: use lower-case letters, digits, "+
				"dashes and .svg or .png", pic)
		}
	}
	s.IfWrong = c.branches(n.Get("if_wrong"))
	return s
}

// branches reads a step's optional "if this goes wrong" list.
func (c *checker) branches(n *jsontree.Node) []Branch {
	if !c.list("if_wrong", n, false) {
		return nil
	}
	if len(n.Items) > maxBranches {
		c.add("if_wrong", "has %d branches, at most %d", len(n.Items), maxBranches)
	}
	var out []Branch
	for i, it := range n.Items {
		p := jsontree.Item("if_wrong", i)
		if !c.object(p, it, branchFields) {
			continue
		}
		out = append(out, Branch{
			Problem: c.text(jsontree.Join(p, "problem"), it.Get("problem"), problemLimit),
			Fix:     c.text(jsontree.Join(p, "fix"), it.Get("fix"), fixLimit),
		})
	}
	return out
}

// sources reads the guide's list of sources, at least one.
func (c *checker) sources(n *jsontree.Node) []Source {
	if !c.list("sources", n, true) {
		return nil
	}
	if len(n.Items) == 0 {
		c.add("sources", "empty; name at least one source for the facts in the guide")
		return nil
	}
	var out []Source
	for i, it := range n.Items {
		p := jsontree.Item("sources", i)
		if !c.object(p, it, sourceFields) {
			continue
		}
		src := Source{
			Title: c.plain(jsontree.Join(p, "title"), it.Get("title"), true, sourceLimit),
			URL:   c.plain(jsontree.Join(p, "url"), it.Get("url"), false, sourceLimit),
			Note:  c.plain(jsontree.Join(p, "note"), it.Get("note"), false, noteLimit),
		}
		if src.URL != "" {
			if msg := urlProblem(src.URL); msg != "" {
				c.add(jsontree.Join(p, "url"), "%s", msg)
			}
		}
		out = append(out, src)
	}
	return out
}
