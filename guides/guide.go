// Package guides holds the step-by-step guides that a volunteer follows with
// a citizen, that a citizen can read alone in large text, and that a trainer
// presents: one JSON file per guide, checked strictly when it is loaded.
package guides

import (
	"strings"
	"time"
)

// Category values: the group a guide is listed under. Their labels are UI
// text and live in the app's translations.
const (
	// CategoryVNeID is for guides about the VNeID app and account.
	CategoryVNeID = "vneid"
	// CategoryPortal is for guides about the public service portals.
	CategoryPortal = "portal"
	// CategoryProcedure is for guides about one administrative procedure.
	CategoryProcedure = "procedure"
	// CategoryPayment is for guides about paying fees online.
	CategoryPayment = "payment"
	// CategorySafety is for guides about scams, passwords and personal data.
	CategorySafety = "safety"
)

// Audience values: who a guide is written for.
const (
	// AudienceVolunteer marks a guide a volunteer follows beside a citizen.
	AudienceVolunteer = "volunteer"
	// AudienceCitizen marks a guide a citizen can follow alone.
	AudienceCitizen = "citizen"
	// AudienceTrainer marks a guide a trainer presents to a group.
	AudienceTrainer = "trainer"
)

// categoryOrder is the fixed order in which categories are listed.
var categoryOrder = []string{
	CategoryVNeID, CategoryPortal, CategoryProcedure, CategoryPayment, CategorySafety,
}

// audiences lists the allowed audience values.
var audiences = []string{AudienceVolunteer, AudienceCitizen, AudienceTrainer}

// Text is one piece of guide text in Vietnamese and English.
type Text struct {
	VI string `json:"vi"`
	EN string `json:"en"`
}

// In returns the text for lang: "en" (or a tag such as "en-US") gives the
// English text, or the Vietnamese one if the English is empty; any other
// language gives the Vietnamese text.
func (t Text) In(lang string) string {
	if isEnglish(lang) && t.EN != "" {
		return t.EN
	}
	return t.VI
}

// isEnglish reports whether lang is "en" or an English tag like "en-GB".
func isEnglish(lang string) bool {
	lang = strings.ToLower(lang)
	return lang == "en" || strings.HasPrefix(lang, "en-") || strings.HasPrefix(lang, "en_")
}

// Branch is an "if this goes wrong" note on a step: a problem the citizen may
// meet and how to fix it.
type Branch struct {
	// Problem says what the citizen sees when it goes wrong.
	Problem Text
	// Fix says what to do about it.
	Fix Text
}

// Step is one action in a guide.
type Step struct {
	// ID names the step, unique within its guide.
	ID string
	// Title is the short heading of the step.
	Title Text
	// Text is the instruction itself.
	Text Text
	// Picture is the file name of a drawing in pictures/, or empty.
	Picture string
	// IfWrong lists what may go wrong at this step and how to fix it.
	IfWrong []Branch
}

// Source is where the facts in a guide come from.
type Source struct {
	// Title names the source, such as a decree or an official page.
	Title string
	// URL is the address of the source, or empty.
	URL string
	// Note adds detail, such as which facts are still UNCONFIRMED.
	Note string
}

// Guide is one step-by-step guide (hướng dẫn) for a citizen.
type Guide struct {
	// ID names the guide and equals its file name without ".json".
	ID string
	// Title is the name of the guide.
	Title Text
	// Summary says in one sentence what the citizen will have at the end.
	Summary Text
	// Category is one of the Category values.
	Category string
	// Audience lists the Audience values the guide is written for.
	Audience []string
	// Steps are the actions in order, 1 to 12 of them.
	Steps []Step
	// Sources are where the facts come from.
	Sources []Source
	// Checked is the day the guide was last checked against its sources.
	Checked time.Time
}

// clone returns a copy of g that shares no slices with it.
func (g Guide) clone() Guide {
	g.Audience = append([]string(nil), g.Audience...)
	g.Sources = append([]Source(nil), g.Sources...)
	steps := make([]Step, len(g.Steps))
	for i, s := range g.Steps {
		s.IfWrong = append([]Branch(nil), s.IfWrong...)
		steps[i] = s
	}
	g.Steps = steps
	return g
}
