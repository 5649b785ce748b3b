package guides

// steps reads the guide's steps, locating each problem by step number and id.
func (c *checker) steps(n *node) []Step {
	if !c.list("steps", n, true) {
		return nil
	}
	switch {
	case len(n.items) == 0:
		c.add("steps", "empty; a guide has 1 to %d steps", maxSteps)
		return nil
	case len(n.items) > maxSteps:
		c.add("steps", "has %d steps, at most %d; split the guide in two",
			len(n.items), maxSteps)
	}

	out := make([]Step, 0, len(n.items))
	firstUse := map[string]int{}
	for i, it := range n.items {
		c.step, c.stepID = i+1, ""
		if id := it.get("id"); id != nil && id.kind == kindString {
			c.stepID = id.str
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
func (c *checker) oneStep(n *node) Step {
	if !c.object("", n, stepFields) {
		return Step{}
	}
	var s Step
	if id, ok := c.str("id", n.get("id"), true); ok {
		s.ID = id
		if !validID(id) {
			c.add("id", "%q is not an id: use lower-case letters, digits and single dashes", id)
		}
	}
	s.Title = c.text("title", n.get("title"), titleLimit)
	s.Text = c.text("text", n.get("text"), textLimit)
	if pic, ok := c.str("picture", n.get("picture"), false); ok {
		s.Picture = pic
		if !validPictureName(pic) {
			c.add("picture", "%q is not a picture name: use lower-case letters, digits, "+
				"dashes and .svg or .png", pic)
		}
	}
	s.IfWrong = c.branches(n.get("if_wrong"))
	return s
}

// branches reads a step's optional "if this goes wrong" list.
func (c *checker) branches(n *node) []Branch {
	if !c.list("if_wrong", n, false) {
		return nil
	}
	if len(n.items) > maxBranches {
		c.add("if_wrong", "has %d branches, at most %d", len(n.items), maxBranches)
	}
	var out []Branch
	for i, it := range n.items {
		p := item("if_wrong", i)
		if !c.object(p, it, branchFields) {
			continue
		}
		out = append(out, Branch{
			Problem: c.text(join(p, "problem"), it.get("problem"), problemLimit),
			Fix:     c.text(join(p, "fix"), it.get("fix"), fixLimit),
		})
	}
	return out
}

// sources reads the guide's list of sources, at least one.
func (c *checker) sources(n *node) []Source {
	if !c.list("sources", n, true) {
		return nil
	}
	if len(n.items) == 0 {
		c.add("sources", "empty; name at least one source for the facts in the guide")
		return nil
	}
	var out []Source
	for i, it := range n.items {
		p := item("sources", i)
		if !c.object(p, it, sourceFields) {
			continue
		}
		src := Source{
			Title: c.plain(join(p, "title"), it.get("title"), true, sourceLimit),
			URL:   c.plain(join(p, "url"), it.get("url"), false, sourceLimit),
			Note:  c.plain(join(p, "note"), it.get("note"), false, noteLimit),
		}
		if src.URL != "" {
			if msg := urlProblem(src.URL); msg != "" {
				c.add(join(p, "url"), "%s", msg)
			}
		}
		out = append(out, src)
	}
	return out
}
