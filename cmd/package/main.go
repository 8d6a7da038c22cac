// Command package builds the release of the UserSession PowerShell module:
// it stages the module as it is released into dist/UserSession (one
// UserSession.psm1 with the functions of Public/ and Private/ inlined, the
// manifest's FileList naming every file), cross-compiles the usersession
// helper for every platform the module supports into its bin folder, and
// writes a zip with the module folder at its root, ready for
// Install-Module-style copying or for wrapping into an Intune package.
//
// Usage:
//
//	go run ./cmd/package [-module DIR] [-out DIR] [-main PKG]
//	go run ./cmd/package -list ZIP
//
// The helpers are built with CGO_ENABLED=0, -trimpath and -ldflags "-s -w"
// into dist/UserSession/bin/<rid>/ (see Targets: win-x64, win-x86,
// win-arm64, linux-x64, linux-arm64), and the zip is
// dist/UserSession-<version>.zip, where <version> is
// internal/version.Version. The module manifest's ModuleVersion must equal
// that version; package refuses to build a release where they differ.
// dist/ is not committed.
//
// With -list, package prints the mode and name of every entry of a zip, one
// per line, and builds nothing; CI checks the release with it.
package main

import (
	"archive/zip"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/usersession/usersession/internal/version"
)

// Target is one platform the helper is built for.
type Target struct {
	RID    string // folder name under bin/, as .NET names runtimes
	GOOS   string
	GOARCH string
}

// Binary is the helper's file name on the target.
func (t Target) Binary() string {
	if t.GOOS == "windows" {
		return "usersession.exe"
	}
	return "usersession"
}

// Targets are the platforms the module looks for (see
// Private/Transport/Get-UserSessionHelperPath.ps1).
var Targets = []Target{
	{"win-x64", "windows", "amd64"},
	{"win-x86", "windows", "386"},
	{"win-arm64", "windows", "arm64"},
	{"linux-x64", "linux", "amd64"},
	{"linux-arm64", "linux", "arm64"},
}

// zipTime is the modification time of every zip entry, so that the same
// inputs give the same zip.
var zipTime = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

func main() {
	module := flag.String("module", filepath.Join("powershell", "UserSession"), "the module folder")
	out := flag.String("out", "dist", "where the zip is written")
	mainPkg := flag.String("main", "./cmd/usersession", "the helper's main package")
	list := flag.String("list", "", "print the entries of this zip and exit")
	flag.Parse()
	var err error
	if *list != "" {
		err = listZip(os.Stdout, *list)
	} else {
		err = run(*module, *out, *mainPkg)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "package:", err)
		os.Exit(1)
	}
}

func run(module, out, mainPkg string) error {
	manifest := filepath.Join(module, filepath.Base(module)+".psd1")
	mv, err := manifestVersion(manifest)
	if err != nil {
		return err
	}
	if mv != version.Version {
		return fmt.Errorf("%s has ModuleVersion %s, internal/version has %s: make them equal", manifest, mv, version.Version)
	}

	name := filepath.Base(module)
	staged := filepath.Join(out, name)
	if err := stage(module, staged); err != nil {
		return err
	}
	bin := filepath.Join(staged, "bin")
	for _, t := range Targets {
		dest := filepath.Join(bin, t.RID, t.Binary())
		if err := build(t, mainPkg, dest); err != nil {
			return err
		}
		fmt.Printf("built %s\n", dest)
	}

	if err := setFileList(filepath.Join(staged, name+".psd1"), staged); err != nil {
		return err
	}
	zipPath := filepath.Join(out, fmt.Sprintf("%s-%s.zip", name, version.Version))
	n, err := writeZip(zipPath, staged, name)
	if err != nil {
		return err
	}
	fmt.Printf("wrote %s (%d files)\n", zipPath, n)
	return nil
}

var moduleVersionRE = regexp.MustCompile(`(?mi)^\s*ModuleVersion\s*=\s*['"]([^'"]+)['"]`)

// manifestVersion reads ModuleVersion from a module manifest.
func manifestVersion(path string) (string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	m := moduleVersionRE.FindSubmatch(data)
	if m == nil {
		return "", fmt.Errorf("%s: no ModuleVersion", path)
	}
	return string(m[1]), nil
}

// build cross-compiles the helper for one target.
func build(t Target, mainPkg, dest string) error {
	abs, err := filepath.Abs(dest)
	if err != nil {
		return err
	}
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags", "-s -w", "-o", abs, mainPkg)
	cmd.Env = append(os.Environ(), "GOOS="+t.GOOS, "GOARCH="+t.GOARCH, "CGO_ENABLED=0")
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("building %s for %s: %w", mainPkg, t.RID, err)
	}
	return nil
}

// writeZip writes every file under dir into a new zip at zipPath, below the
// folder root/. Entries are sorted and carry a fixed time; files under bin/
// are marked executable. It returns the number of files written.
func writeZip(zipPath, dir, root string) (n int, err error) {
	files, err := regularFiles(dir)
	if err != nil {
		return 0, err
	}

	tmp := zipPath + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return 0, err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	zw := zip.NewWriter(f)
	for _, rel := range files {
		hdr := &zip.FileHeader{Name: root + "/" + rel, Method: zip.Deflate, Modified: zipTime}
		mode := fs.FileMode(0o644)
		if strings.HasPrefix(rel, "bin/") {
			mode = 0o755
		}
		hdr.SetMode(mode)
		w, err := zw.CreateHeader(hdr)
		if err != nil {
			return 0, err
		}
		if err := copyFile(w, filepath.Join(dir, filepath.FromSlash(rel))); err != nil {
			return 0, err
		}
	}
	if err := zw.Close(); err != nil {
		return 0, err
	}
	if err := f.Close(); err != nil {
		return 0, err
	}
	return len(files), os.Rename(tmp, zipPath)
}

// regularFiles returns the files under dir as paths relative to it, with
// forward slashes, sorted; anything but a file or a folder is an error.
func regularFiles(dir string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir():
			return nil
		case !d.Type().IsRegular():
			return fmt.Errorf("%s: not a regular file", path)
		}
		rel, err := filepath.Rel(dir, path)
		files = append(files, filepath.ToSlash(rel))
		return err
	})
	sort.Strings(files)
	return files, err
}

func copyFile(w io.Writer, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.Copy(w, f)
	if err != nil {
		return errors.Join(fmt.Errorf("%s", path), err)
	}
	return nil
}

// listZip prints the mode and name of every entry of a zip.
func listZip(w io.Writer, path string) error {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return err
	}
	defer zr.Close()
	for _, f := range zr.File {
		if _, err := fmt.Fprintf(w, "%v %s\n", f.Mode(), f.Name); err != nil {
			return err
		}
	}
	return nil
}
