package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// The loader block of the module's .psm1: in the source tree it
// dot-sources the .ps1 files of Private/ (one folder per concern) and
// Public/; the release has their
// functions in its place, so that importing reads one script instead of
// one per function.
const (
	regionStart = "#region functions"
	regionEnd   = "#endregion functions"
)

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// stage writes the module as it is released into dest: every file of
// module but Public/, Private/ and bin/, with the .psm1's loader block
// replaced by the functions of Private/ and Public/ (inline), and the
// manifest's FileList naming exactly the files of the release.
func stage(module, dest string) error {
	if err := os.RemoveAll(dest); err != nil {
		return err
	}
	name := filepath.Base(module)
	err := filepath.WalkDir(module, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(module, path)
		if err != nil {
			return err
		}
		top := strings.SplitN(filepath.ToSlash(rel), "/", 2)[0]
		if d.IsDir() {
			if top == "Public" || top == "Private" || top == "bin" {
				return filepath.SkipDir
			}
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if rel == name+".psm1" {
			if data, err = inline(data, module); err != nil {
				return fmt.Errorf("%s: %w", path, err)
			}
		}
		target := filepath.Join(dest, rel)
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	return err
}

// inline replaces the loader block of psm1 with the contents of the .ps1
// files below module/Private, then below module/Public, each in the order
// of its slash-separated path (as the source tree's loader takes them) and
// headed by that path. The result carries a UTF-8 byte-order mark when any
// part holds non-ASCII text, so Windows PowerShell 5.1 reads it as UTF-8.
func inline(psm1 []byte, module string) ([]byte, error) {
	start := bytes.Index(psm1, []byte(regionStart))
	end := bytes.Index(psm1, []byte(regionEnd))
	if start < 0 || end < start {
		return nil, fmt.Errorf("no %q ... %q block to replace", regionStart, regionEnd)
	}
	var body bytes.Buffer
	body.WriteString(regionStart + ": inlined from Private/ and Public/ by cmd/package\n")
	ascii := isASCII(psm1)
	for _, folder := range []string{"Private", "Public"} {
		files, err := scripts(filepath.Join(module, folder))
		if err != nil {
			return nil, err
		}
		for _, f := range files {
			data, err := os.ReadFile(filepath.Join(module, folder, filepath.FromSlash(f)))
			if err != nil {
				return nil, err
			}
			data = bytes.TrimPrefix(data, utf8BOM)
			ascii = ascii && isASCII(data)
			fmt.Fprintf(&body, "\n# %s/%s\n", folder, f)
			body.Write(bytes.TrimRight(data, "\r\n"))
			body.WriteString("\n")
		}
	}
	var out bytes.Buffer
	if !ascii {
		out.Write(utf8BOM)
	}
	out.Write(bytes.TrimPrefix(psm1[:start], utf8BOM))
	out.Write(body.Bytes())
	out.Write(psm1[end:])
	return out.Bytes(), nil
}

// scripts returns the .ps1 files below dir as slash-separated paths
// relative to it, in ordinal order.
func scripts(dir string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.EqualFold(filepath.Ext(path), ".ps1") {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		out = append(out, filepath.ToSlash(rel))
		return err
	})
	sort.Strings(out)
	return out, err
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

var fileListRE = regexp.MustCompile(`(?s)(\n[ \t]*FileList[ \t]*=[ \t]*@\()(.*?)(\n[ \t]*\))`)

// setFileList rewrites the FileList of the manifest at path to name the
// files under dir (forward slashes, sorted), the manifest itself included.
func setFileList(path, dir string) error {
	files, err := regularFiles(dir)
	if err != nil {
		return err
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	m := fileListRE.FindSubmatchIndex(data)
	if m == nil {
		return fmt.Errorf("%s: no FileList = @( ... ) to rewrite", path)
	}
	indent := "        "
	var list strings.Builder
	for _, f := range files {
		fmt.Fprintf(&list, "\n%s'%s'", indent, f)
	}
	out := append([]byte{}, data[:m[3]]...)
	out = append(out, list.String()...)
	out = append(out, data[m[5]:]...)
	return os.WriteFile(path, out, 0o644)
}
