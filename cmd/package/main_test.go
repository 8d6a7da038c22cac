package main

import (
	"archive/zip"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/usersession/usersession/internal/version"
)

// writeTree writes files (slash-separated paths below dir, and their
// content) into dir.
func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestWriteZipPutsTheModuleFolderAtTheRoot(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "UserSession")
	files := map[string]string{
		"UserSession.psd1":                 "@{ ModuleVersion = '0.1.0' }",
		"Public/Get-UserSession.ps1":       "function Get-UserSession {}",
		"bin/linux-x64/usersession":        "ELF",
		"bin/win-x64/usersession.exe":      "MZ",
		"en-US/about_UserSession.help.txt": "TOPIC",
	}
	writeTree(t, dir, files)
	zipPath := filepath.Join(t.TempDir(), "out.zip")
	n, err := writeZip(zipPath, dir, "UserSession")
	if err != nil {
		t.Fatal(err)
	}
	if n != len(files) {
		t.Errorf("wrote %d files, want %d", n, len(files))
	}

	zr, err := zip.OpenReader(zipPath)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		rel := strings.TrimPrefix(f.Name, "UserSession/")
		if rel == f.Name {
			t.Errorf("%s is not under UserSession/", f.Name)
		}
		want, ok := files[rel]
		if !ok {
			t.Errorf("unexpected entry %s", f.Name)
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if string(data) != want {
			t.Errorf("%s holds %q, want %q", f.Name, data, want)
		}
		exec := f.Mode()&0o111 != 0
		if strings.HasPrefix(rel, "bin/") != exec {
			t.Errorf("%s: mode %v, executable only under bin/", f.Name, f.Mode())
		}
		if !f.Modified.Equal(zipTime) {
			t.Errorf("%s: modified %v, want the fixed %v", f.Name, f.Modified, zipTime)
		}
	}
	var listing strings.Builder
	if err := listZip(&listing, zipPath); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(listing.String(), "-rwxr-xr-x UserSession/bin/win-x64/usersession.exe\n") ||
		!strings.Contains(listing.String(), "-rw-r--r-- UserSession/UserSession.psd1\n") {
		t.Errorf("listZip printed:\n%s", listing.String())
	}
	for i := 1; i < len(names); i++ {
		if names[i-1] > names[i] {
			t.Errorf("entries not sorted: %s before %s", names[i-1], names[i])
		}
	}
}

func TestTargetsMatchTheModulesLookup(t *testing.T) {
	// The module looks for exactly these folders and file names.
	want := map[string]string{
		"win-x64":     "usersession.exe",
		"win-x86":     "usersession.exe",
		"win-arm64":   "usersession.exe",
		"linux-x64":   "usersession",
		"linux-arm64": "usersession",
	}
	if len(Targets) != len(want) {
		t.Fatalf("%d targets, want %d", len(Targets), len(want))
	}
	for _, target := range Targets {
		if want[target.RID] != target.Binary() {
			t.Errorf("%s: binary %q, want %q", target.RID, target.Binary(), want[target.RID])
		}
	}
	// And the module's lookup names the same folders.
	src, err := os.ReadFile(filepath.Join("..", "..", "powershell", "UserSession", "Private", "Transport", "Get-UserSessionHelperPath.ps1"))
	if err != nil {
		t.Fatal(err)
	}
	rids := map[string]bool{}
	for _, m := range regexp.MustCompile(`\$rid = '([a-z0-9-]+)'`).FindAllSubmatch(src, -1) {
		rids[string(m[1])] = true
	}
	for rid := range want {
		if !rids[rid] {
			t.Errorf("Get-UserSessionHelperPath.ps1 never picks %s", rid)
		}
	}
	for rid := range rids {
		if _, ok := want[rid]; !ok {
			t.Errorf("Get-UserSessionHelperPath.ps1 picks %s, which is not built", rid)
		}
	}
}

func TestManifestVersionEqualsTheHelpersVersion(t *testing.T) {
	got, err := manifestVersion(filepath.Join("..", "..", "powershell", "UserSession", "UserSession.psd1"))
	if err != nil {
		t.Fatal(err)
	}
	if got != version.Version {
		t.Errorf("UserSession.psd1 ModuleVersion %s, internal/version %s", got, version.Version)
	}
}

func TestManifestVersionReadsQuotedValues(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.psd1")
	if err := os.WriteFile(path, []byte("@{\n    RootModule = 'X.psm1'\n    ModuleVersion        = \"1.2.3\"\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := manifestVersion(path)
	if err != nil || got != "1.2.3" {
		t.Errorf("manifestVersion = %q, %v; want 1.2.3", got, err)
	}
}

// TestStageInlinesTheFunctions: the released module is one .psm1 with
// every function of Private/ (its folders too) and Public/ in place of the loader, a BOM when
// a part holds non-ASCII text, no Public/ or Private/ folder, and a
// FileList naming exactly its files.
func TestStageInlinesTheFunctions(t *testing.T) {
	module := filepath.Join(t.TempDir(), "UserSession")
	files := map[string]string{
		"UserSession.psd1":                 "@{\n    ModuleVersion = '0.1.0'\n    FileList             = @(\n        'old.txt'\n    )\n}\n",
		"UserSession.psm1":                 "Set-StrictMode -Version 3.0\n#region functions\nforeach ($f in Get-ChildItem) { . $f }\n#endregion functions\nRegister-Things\n",
		"Private/B-Private.ps1":            "function B-Private { 'b' }\n",
		"Private/Wire/C-Private.ps1":       "function C-Private { 'c' }\n",
		"Private/A-Private.ps1":            "\xef\xbb\xbffunction A-Private { 'z\xc3\xab' }\r\n",
		"Public/Get-Thing.ps1":             "function Get-Thing { A-Private }\n",
		"bin/linux-x64/usersession":        "stale",
		"en-US/about_UserSession.help.txt": "TOPIC",
	}
	writeTree(t, module, files)
	dest := filepath.Join(t.TempDir(), "UserSession")
	if err := stage(module, dest); err != nil {
		t.Fatal(err)
	}
	if err := setFileList(filepath.Join(dest, "UserSession.psd1"), dest); err != nil {
		t.Fatal(err)
	}
	psm1, err := os.ReadFile(filepath.Join(dest, "UserSession.psm1"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(psm1)
	if !strings.HasPrefix(text, "\xef\xbb\xbfSet-StrictMode") || strings.Count(text, "\xef\xbb\xbf") != 1 {
		t.Errorf("psm1 does not start with exactly one BOM:\n%q", text)
	}
	a, b, c, g := strings.Index(text, "function A-Private"), strings.Index(text, "function B-Private"), strings.Index(text, "# Private/Wire/C-Private.ps1\nfunction C-Private"), strings.Index(text, "function Get-Thing")
	if a < 0 || b < a || c < b || g < c || strings.Contains(text, "Get-ChildItem") || !strings.HasSuffix(text, "#endregion functions\nRegister-Things\n") {
		t.Errorf("psm1 does not hold Private then Public in place of the loader:\n%s", text)
	}
	for _, gone := range []string{"Public", "Private", "bin"} {
		if _, err := os.Stat(filepath.Join(dest, gone)); !os.IsNotExist(err) {
			t.Errorf("%s/ was staged", gone)
		}
	}
	psd1, err := os.ReadFile(filepath.Join(dest, "UserSession.psd1"))
	if err != nil {
		t.Fatal(err)
	}
	want := "FileList             = @(\n        'UserSession.psd1'\n        'UserSession.psm1'\n        'en-US/about_UserSession.help.txt'\n    )"
	if !strings.Contains(string(psd1), want) {
		t.Errorf("manifest:\n%s\nwant FileList:\n%s", psd1, want)
	}
}

// TestStageShipsTheModulesData stages the real module and checks that the
// type and format data its manifest loads are in the release and in its
// FileList.
func TestStageShipsTheModulesData(t *testing.T) {
	module := filepath.Join("..", "..", "powershell", "UserSession")
	dest := filepath.Join(t.TempDir(), "UserSession")
	if err := stage(module, dest); err != nil {
		t.Fatal(err)
	}
	if err := setFileList(filepath.Join(dest, "UserSession.psd1"), dest); err != nil {
		t.Fatal(err)
	}
	psd1, err := os.ReadFile(filepath.Join(dest, "UserSession.psd1"))
	if err != nil {
		t.Fatal(err)
	}
	fileList := fileListRE.FindSubmatch(psd1)
	if fileList == nil {
		t.Fatalf("the staged manifest has no FileList:\n%s", psd1)
	}
	var names []string
	for _, key := range []string{"TypesToProcess", "FormatsToProcess"} {
		m := regexp.MustCompile(`(?m)^\s*` + key + `\s*=\s*@\(([^)]*)\)`).FindSubmatch(psd1)
		if m == nil {
			t.Errorf("the manifest has no %s", key)
			continue
		}
		for _, q := range regexp.MustCompile(`'([^']+)'`).FindAllSubmatch(m[1], -1) {
			names = append(names, string(q[1]))
		}
	}
	if !slices.Contains(names, "UserSession.Types.ps1xml") {
		t.Errorf("TypesToProcess/FormatsToProcess %v lack UserSession.Types.ps1xml", names)
	}
	for _, name := range names {
		if _, err := os.Stat(filepath.Join(dest, name)); err != nil {
			t.Errorf("the release lacks %s, which the manifest loads: %v", name, err)
		}
		if !strings.Contains(string(fileList[2]), "'"+name+"'") {
			t.Errorf("the release's FileList lacks %s:\n%s", name, fileList[2])
		}
	}
}
