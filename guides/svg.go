package guides

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
)

// maxPictureBytes is the largest picture file accepted.
const maxPictureBytes = 256 << 10

// pngMagic starts every PNG file.
var pngMagic = []byte("\x89PNG\r\n\x1a\n")

// unusable lists SVG elements the app's renderer cannot draw or that have no
// place in a guide picture: Fyne skips text, and nothing may run or load.
var unusable = map[string]string{
	"text":          "the app does not draw text; draw with shapes only",
	"tspan":         "the app does not draw text; draw with shapes only",
	"textPath":      "the app does not draw text; draw with shapes only",
	"script":        "pictures may not contain scripts",
	"foreignObject": "pictures may not embed other documents",
	"image":         "pictures may not embed or link other images",
}

// pictureProblem says what is wrong with the picture file called name, or "".
func pictureProblem(name string, data []byte) string {
	switch {
	case !validPictureName(name):
		return "not a picture name: use lower-case letters, digits, dashes and .svg or .png"
	case len(data) > maxPictureBytes:
		return fmt.Sprintf("file is %d bytes, at most %d", len(data), maxPictureBytes)
	case path.Ext(name) == ".png":
		if !bytes.HasPrefix(data, pngMagic) {
			return "not a PNG file"
		}
		return ""
	}
	return svgProblem(data)
}

// svgProblem checks that data is a well-formed SVG drawing made of shapes.
func svgProblem(data []byte) string {
	dec := xml.NewDecoder(bytes.NewReader(data))
	depth, roots := 0, 0
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return "not well-formed XML: " + err.Error()
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				roots++
				if msg := rootProblem(t); msg != "" {
					return msg
				}
			}
			if why, bad := unusable[t.Name.Local]; bad {
				return fmt.Sprintf("has a <%s> element: %s", t.Name.Local, why)
			}
			depth++
		case xml.EndElement:
			depth--
		}
	}
	if roots != 1 {
		return "must hold exactly one <svg> element"
	}
	return ""
}

// rootProblem checks the outermost element of an SVG file.
func rootProblem(root xml.StartElement) string {
	if root.Name.Local != "svg" || root.Name.Space != "http://www.w3.org/2000/svg" {
		return `the outermost element must be <svg xmlns="http://www.w3.org/2000/svg">`
	}
	for _, a := range root.Attr {
		if a.Name.Local == "viewBox" {
			return ""
		}
	}
	return "the <svg> element needs a viewBox so the picture scales"
}
