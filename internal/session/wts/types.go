package wts

import "unsafe"

// The structures of wtsapi32.h, lmserver.h, lmwksta.h, psapi.h and
// winuser.h, as their pages on learn.microsoft.com declare them, laid out
// as the Windows headers lay them out with the compiler Windows is built
// with (MSVC); the test DLL's copies, compiled by mingw-w64, check the
// 64-bit offsets with _Static_assert, and the Windows workflow runs
// layout_test.go against the compiler on Windows itself. They are untagged so that their
// layout is checked for every architecture on every platform (see
// layout_test.go); only the Windows backend reads them from memory.
//
// MSVC aligns an 8-byte LARGE_INTEGER to 8 bytes on every architecture,
// 32-bit x86 included, while Go aligns an int64 to 4 bytes on 386. A
// LARGE_INTEGER is therefore a largeInteger here, two 32-bit halves that
// Go aligns to 4 everywhere, and the padding MSVC puts before it is a
// field of its own, so that one declaration has the Windows layout on 386,
// amd64 and arm64 alike.

// Lengths of the fixed string fields, in WCHARs, from wtsapi32.h and
// windef.h.
const (
	winStationNameLength = 32
	domainLength         = 17
	userNameLength       = 20
	clientNameLength     = 20
	clientAddressLength  = 30
	maxPath              = 260
)

// WTS_CURRENT_SERVER_HANDLE and WTS_ANY_SESSION.
const (
	currentServerHandle = 0
	anySession          = 0xFFFFFFFE
)

// WTS_INFO_CLASS values passed to WTSQuerySessionInformationW.
const (
	infoUserName           = 5
	infoDomainName         = 7
	infoClientAddress      = 14
	infoClientProtocolType = 16
	infoClientInfo         = 23
	infoSessionInfo        = 24
	infoSessionInfoEx      = 25
)

// WTS_TYPE_CLASS values of WTSFreeMemoryExW.
const (
	typeProcessInfoLevel0 = 0
	typeProcessInfoLevel1 = 1
	typeSessionInfoLevel1 = 2
)

// largeInteger is a LARGE_INTEGER (here always a FILETIME or a count of
// 100-nanosecond intervals) as its two halves, so that Go aligns it to 4
// bytes on every architecture; the structures below spell out the padding
// that MSVC's 8-byte alignment puts before it.
type largeInteger struct {
	Low  uint32
	High int32
}

// value is the 64-bit value of l.
func (l largeInteger) value() int64 { return int64(l.High)<<32 | int64(l.Low) }

// wtsInfo is WTSINFOW, the answer to WTSSessionInfo.
type wtsInfo struct {
	State                   uint32
	SessionID               uint32
	IncomingBytes           uint32
	OutgoingBytes           uint32
	IncomingFrames          uint32
	OutgoingFrames          uint32
	IncomingCompressedBytes uint32
	OutgoingCompressedBytes uint32
	WinStationName          [winStationNameLength]uint16
	Domain                  [domainLength]uint16
	UserName                [userNameLength + 1]uint16
	_                       [4]byte // ConnectTime is 8-aligned
	ConnectTime             largeInteger
	DisconnectTime          largeInteger
	LastInputTime           largeInteger
	LogonTime               largeInteger
	CurrentTime             largeInteger
}

// wtsInfoExLevel1 is WTSINFOEX_LEVEL1_W.
type wtsInfoExLevel1 struct {
	SessionID               uint32
	SessionState            uint32
	SessionFlags            int32
	WinStationName          [winStationNameLength + 1]uint16
	UserName                [userNameLength + 1]uint16
	DomainName              [domainLength + 1]uint16
	_                       [4]byte // LogonTime is 8-aligned
	LogonTime               largeInteger
	ConnectTime             largeInteger
	DisconnectTime          largeInteger
	LastInputTime           largeInteger
	CurrentTime             largeInteger
	IncomingBytes           uint32
	OutgoingBytes           uint32
	IncomingFrames          uint32
	OutgoingFrames          uint32
	IncomingCompressedBytes uint32
	OutgoingCompressedBytes uint32
}

// wtsInfoEx is WTSINFOEXW: a level and a union that has one member,
// WTSINFOEX_LEVEL1_W, whose LARGE_INTEGERs make it 8-aligned.
type wtsInfoEx struct {
	Level uint32
	_     [4]byte // the union is 8-aligned
	Data  wtsInfoExLevel1
}

// clientAddressRaw is WTS_CLIENT_ADDRESS.
type clientAddressRaw struct {
	AddressFamily uint32
	Address       [20]byte
}

// wtsClient is WTSCLIENTW, the answer to WTSClientInfo: every client
// field in one buffer.
type wtsClient struct {
	ClientName          [clientNameLength + 1]uint16
	Domain              [domainLength + 1]uint16
	UserName            [userNameLength + 1]uint16
	WorkDirectory       [maxPath + 1]uint16
	InitialProgram      [maxPath + 1]uint16
	EncryptionLevel     byte
	_                   [3]byte
	ClientAddressFamily uint32
	ClientAddress       [clientAddressLength + 1]uint16
	HRes                uint16
	VRes                uint16
	ColorDepth          uint16
	ClientDirectory     [maxPath + 1]uint16
	_                   [2]byte
	ClientBuildNumber   uint32
	ClientHardwareID    uint32
	ClientProductID     uint16
	OutBufCountHost     uint16
	OutBufCountClient   uint16
	OutBufLength        uint16
	DeviceID            [maxPath + 1]uint16
	_                   [2]byte
}

// sessionInfo1 is WTS_SESSION_INFO_1W, an element of the array that
// WTSEnumerateSessionsExW returns.
type sessionInfo1 struct {
	ExecEnvID   uint32
	State       uint32
	SessionID   uint32
	SessionName *uint16
	HostName    *uint16
	UserName    *uint16
	DomainName  *uint16
	FarmName    *uint16
}

// processInfoEx is WTS_PROCESS_INFO_EXW, an element of the array that
// WTSEnumerateProcessesExW returns at level 1. UserTime falls on an
// 8-byte boundary on every architecture, so it needs no padding.
type processInfoEx struct {
	SessionID          uint32
	ProcessID          uint32
	ProcessName        *uint16
	UserSid            unsafe.Pointer // PSID
	NumberOfThreads    uint32
	HandleCount        uint32
	PagefileUsage      uint32
	PeakPagefileUsage  uint32
	WorkingSetSize     uint32
	PeakWorkingSetSize uint32
	UserTime           largeInteger
	KernelTime         largeInteger
}

// serverInfo101 is SERVER_INFO_101, the answer to NetServerGetInfo at
// level 101.
type serverInfo101 struct {
	PlatformID   uint32
	Name         *uint16
	VersionMajor uint32
	VersionMinor uint32
	Type         uint32
	Comment      *uint16
}

// wkstaInfo100 is WKSTA_INFO_100, the answer to NetWkstaGetInfo at level
// 100.
type wkstaInfo100 struct {
	PlatformID   uint32
	ComputerName *uint16
	LanGroup     *uint16
	VersionMajor uint32
	VersionMinor uint32
}

// processMemoryCounters is PROCESS_MEMORY_COUNTERS, the answer to
// GetProcessMemoryInfo; its sizes are SIZE_T, as wide as a pointer.
type processMemoryCounters struct {
	CB                         uint32
	PageFaultCount             uint32
	PeakWorkingSetSize         uintptr
	WorkingSetSize             uintptr
	QuotaPeakPagedPoolUsage    uintptr
	QuotaPagedPoolUsage        uintptr
	QuotaPeakNonPagedPoolUsage uintptr
	QuotaNonPagedPoolUsage     uintptr
	PagefileUsage              uintptr
	PeakPagefileUsage          uintptr
}

// lastInputInfo is LASTINPUTINFO, the answer to GetLastInputInfo.
type lastInputInfo struct {
	CBSize uint32
	Time   uint32 // the GetTickCount value of the last input
}
