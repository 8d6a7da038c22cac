package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/usersession/usersession/internal/fixturegen"
)

// psHosts is how many hosts the PSSession fan-out asks: loopback
// addresses 127.0.0.2 and up, each served by one sshd with pwsh as the
// powershell subsystem.
const psHosts = 20

// psFanOut measures Get-UserSession -PSSession over psHosts real SSH
// PowerShell remoting sessions: the caller's processor time per host and
// the wall time for all of them, beside the floor of remoting itself
// (Invoke-Command of an empty script block over the same sessions) and
// the helper's own fan-out over psHosts simulated hosts, in the same run.
// It needs root (sshd, root's login with a key of its own), pwsh
// (PATH or .tools/pwsh) and the module in powershell/UserSession; it
// skips without them.
func psFanOut(b *builds, _ benchOptions) error {
	fmt.Printf("\n== PSSession fan-out: %d hosts over SSH PowerShell remoting (loopback), against remoting's own floor and the helper's fan-out\n", psHosts)
	pwsh, why := psPrerequisites()
	if why != "" {
		fmt.Printf("  skipped: %s\n", why)
		return nil
	}
	manifest, err := filepath.Abs(filepath.Join("powershell", "UserSession", "UserSession.psd1"))
	if err != nil {
		return err
	}
	dir := filepath.Join(b.dir, "psfanout")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	port, stop, err := psSSHD(dir, pwsh)
	if err != nil {
		return err
	}
	defer stop()
	var hosts []string
	for i := range psHosts {
		hosts = append(hosts, fmt.Sprintf("127.0.0.%d", i+2))
	}
	cmd := exec.Command(pwsh, "-NoProfile", "-NonInteractive", "-Command", psFanOutScript)
	cmd.Env = append(os.Environ(), "USERSESSION_PATH="+b.helper, "BENCH_MODULE="+manifest, "BENCH_HOSTS="+strings.Join(hosts, ","),
		"BENCH_PORT="+strconv.Itoa(port), "BENCH_KEY="+filepath.Join(dir, "client_key"), "NO_COLOR=1")
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("pwsh: %w\n%s", err, out)
	}
	var r struct {
		ConnectMs   float64   `json:"connectMs"`
		FloorWallMs []float64 `json:"floorWallMs"`
		FloorCPUMs  []float64 `json:"floorCpuMs"`
		WallMs      []float64 `json:"wallMs"`
		CPUMs       []float64 `json:"cpuMs"`
		Sessions    int       `json:"sessions"`
	}
	if err := json.Unmarshal(out[strings.LastIndexByte(strings.TrimSpace(string(out)), '\n')+1:], &r); err != nil {
		return fmt.Errorf("pwsh printed %q: %w", out, err)
	}
	ms := func(xs []float64) time.Duration {
		var ds []time.Duration
		for _, x := range xs {
			ds = append(ds, time.Duration(x*float64(time.Millisecond)))
		}
		return median(ds)
	}
	wall, cpu, floorWall, floorCPU := ms(r.WallMs), ms(r.CPUMs), ms(r.FloorWallMs), ms(r.FloorCPUMs)
	fmt.Printf("  New-PSSession of %d hosts: %s (once; not part of the figures below)\n", psHosts, fmtDur(time.Duration(r.ConnectMs*float64(time.Millisecond))))
	fmt.Printf("  Get-UserSession -PSSession, %d hosts, %d sessions: wall %s, caller CPU %s (%s per host); medians of %d\n",
		psHosts, r.Sessions, fmtDur(wall), fmtDur(cpu), fmtDur(cpu/psHosts), len(r.WallMs))
	fmt.Printf("  floor, Invoke-Command -Session { } over the same sessions: wall %s, caller CPU %s (%s per host)\n",
		fmtDur(floorWall), fmtDur(floorCPU), fmtDur(floorCPU/psHosts))
	fmt.Printf("  ratio to the floor: wall %.2fx, caller CPU %.2fx\n", float64(wall)/float64(floorWall), float64(cpu)/float64(floorCPU))

	// The helper's own fan-out over as many simulated hosts, no latency.
	f := fixturegen.Fleet{Hosts: psHosts, SessionsPerHost: 4}
	js, err := json.Marshal(f.Fixture())
	if err != nil {
		return err
	}
	path, err := writeFixture(b.dir, "psfleet.json", js)
	if err != nil {
		return err
	}
	params, _ := json.Marshal(map[string]any{"computerNames": f.Names()})
	line := fmt.Appendf(nil, `{"jsonrpc":"2.0","id":1,"method":"session.list","params":%s}`+"\n", params)
	p, err := start(b.helper, "serve", "--simulate", path)
	if err != nil {
		return err
	}
	defer p.kill()
	// The helper's time is counted in 10 ms clock ticks: over all runs.
	const runs = 20
	var walls []time.Duration
	before, err := procCPU(p.cmd.Process.Pid)
	if err != nil {
		return err
	}
	for range runs {
		t := time.Now()
		if _, err := p.call(line); err != nil {
			return err
		}
		walls = append(walls, time.Since(t))
	}
	after, err := procCPU(p.cmd.Process.Pid)
	if err != nil {
		return err
	}
	hw, hc := median(walls), (after-before)/runs
	fmt.Printf("  helper's own fan-out, %d simulated hosts (the WTS path's stand-in): wall %s (median of %d), helper CPU %s per call (%s per host; mean over the runs)\n",
		psHosts, fmtDur(hw), runs, fmtDur(hc), fmtDur(hc/psHosts))
	fmt.Printf("  per host on the caller: PSSession %s of processor time against the helper's own fan-out %s\n", fmtDur(cpu/psHosts), fmtDur(hc/psHosts))
	return nil
}

// procCPU is the user and system time of process pid so far.
func procCPU(pid int) (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+2:])
	// Fields 14 and 15 of stat(5), utime and stime, counted from the state.
	ut, _ := strconv.ParseInt(f[11], 10, 64)
	st, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(ut+st) * 10 * time.Millisecond, nil
}

// psPrerequisites finds pwsh, or says why the section cannot run.
func psPrerequisites() (string, string) {
	if os.Geteuid() != 0 {
		return "", "needs root (it starts sshd and signs in as root)"
	}
	if _, err := os.Stat("/usr/sbin/sshd"); err != nil {
		return "", "needs /usr/sbin/sshd"
	}
	pwsh, err := exec.LookPath("pwsh")
	if err != nil {
		if _, err := os.Stat(filepath.Join(".tools", "pwsh", "pwsh")); err != nil {
			return "", "needs pwsh on PATH or in .tools/pwsh"
		}
		pwsh, _ = filepath.Abs(filepath.Join(".tools", "pwsh", "pwsh"))
	}
	return pwsh, ""
}

// psSSHD starts an sshd on psHosts loopback addresses that lets root in
// with a key of dir and serves pwsh as the powershell subsystem.
func psSSHD(dir, pwsh string) (int, func(), error) {
	for _, k := range []string{"host_key", "client_key"} {
		if out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", filepath.Join(dir, k)).CombinedOutput(); err != nil {
			return 0, nil, fmt.Errorf("ssh-keygen: %w: %s", err, out)
		}
	}
	pub, err := os.ReadFile(filepath.Join(dir, "client_key.pub"))
	if err != nil {
		return 0, nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, "root_keys"), pub, 0o600); err != nil {
		return 0, nil, err
	}
	l, err := net.Listen("tcp", "127.0.0.2:0")
	if err != nil {
		return 0, nil, err
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	// One sshd listens on 16 addresses at most (MAX_LISTEN_SOCKS): one
	// per 10 hosts.
	var cmds []*exec.Cmd
	var logs []*strings.Builder
	stop := func() {
		for _, c := range cmds {
			_ = c.Process.Kill()
			_ = c.Wait()
		}
	}
	if _, err := os.Stat("/run/sshd"); errors.Is(err, os.ErrNotExist) {
		if err := os.Mkdir("/run/sshd", 0o755); err != nil {
			return 0, nil, err
		}
	}
	for first := 0; first < psHosts; first += 10 {
		cfg := []string{"Port " + strconv.Itoa(port)}
		for i := first; i < min(first+10, psHosts); i++ {
			cfg = append(cfg, fmt.Sprintf("ListenAddress 127.0.0.%d", i+2))
		}
		cfg = append(cfg, "HostKey "+filepath.Join(dir, "host_key"), "PidFile none", "UsePAM no", "StrictModes no",
			"AuthorizedKeysFile "+filepath.Join(dir, "root_keys"), "PasswordAuthentication no", "KbdInteractiveAuthentication no",
			"PermitRootLogin prohibit-password", "AllowUsers root", "MaxStartups 100", "MaxSessions 100",
			"Subsystem powershell "+pwsh+" -sshs -NoLogo", "")
		conf := filepath.Join(dir, fmt.Sprintf("sshd_config_%d", first))
		if err := os.WriteFile(conf, []byte(strings.Join(cfg, "\n")), 0o600); err != nil {
			stop()
			return 0, nil, err
		}
		cmd := exec.Command("/usr/sbin/sshd", "-D", "-e", "-f", conf)
		log := &strings.Builder{}
		cmd.Stderr = log
		if err := cmd.Start(); err != nil {
			stop()
			return 0, nil, err
		}
		cmds, logs = append(cmds, cmd), append(logs, log)
	}
	deadline := time.Now().Add(30 * time.Second)
	for i := 0; i < psHosts; {
		c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.%d:%d", i+2, port), time.Second)
		if err == nil {
			c.Close()
			i++
			continue
		}
		if time.Now().After(deadline) {
			stop()
			return 0, nil, fmt.Errorf("sshd does not listen on 127.0.0.%d:%d: %s", i+2, port, logs[i/10].String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	return port, stop, nil
}

// psFanOutScript opens the sessions once, warms both paths up (the first
// Get-UserSession copies the helper to each target), then measures five
// of each: wall time and this PowerShell's processor time.
const psFanOutScript = `
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
Import-Module $env:BENCH_MODULE
$opts = @{ StrictHostKeyChecking = 'no'; UserKnownHostsFile = '/dev/null'; LogLevel = 'ERROR' }
$sw = [Diagnostics.Stopwatch]::StartNew()
$s = New-PSSession -HostName ($env:BENCH_HOSTS -split ',') -UserName root -KeyFilePath $env:BENCH_KEY -Port ([int]$env:BENCH_PORT) -Options $opts -ConnectingTimeout 120000
$connect = $sw.Elapsed.TotalMilliseconds
$me = [Diagnostics.Process]::GetCurrentProcess()
$measure = {
    param($Block)
    $me.Refresh(); $cpu = $me.TotalProcessorTime; $sw.Restart()
    $out = @(& $Block)
    $wall = $sw.Elapsed.TotalMilliseconds
    $me.Refresh()
    [pscustomobject]@{ Wall = $wall; Cpu = ($me.TotalProcessorTime - $cpu).TotalMilliseconds; Count = $out.Count }
}
$floor = { Invoke-Command -Session $s -ScriptBlock { } -ThrottleLimit 32 }
$list = { Get-UserSession -PSSession $s -ThrottleLimit 32 }
$null = & $measure $floor
$null = & $measure $list
$floors = @(1..5 | ForEach-Object { & $measure $floor })
$lists = @(1..5 | ForEach-Object { & $measure $list })
$s | Remove-PSSession
[pscustomobject]@{
    connectMs = $connect
    floorWallMs = @($floors.Wall); floorCpuMs = @($floors.Cpu)
    wallMs = @($lists.Wall); cpuMs = @($lists.Cpu)
    sessions = $lists[0].Count
} | ConvertTo-Json -Compress
`
