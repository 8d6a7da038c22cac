package wts

import "unsafe"

// The structures of wtsapi32.h, laid out as the Windows headers lay them
// out. They are untagged so that their sizes are checked on every platform
// (see types_test.go); only the Windows backend reads them from memory.

// Lengths of the fixed string fields, in WCHARs, from wtsapi32.h.
const (
	winStationNameLength = 32
	domainLength         = 17
	userNameLength       = 20
)

// WTS_CURRENT_SERVER_HANDLE and WTS_ANY_SESSION.
const (
	currentServerHandle = 0
	anySession          = 0xFFFFFFFE
)

// WTS_INFO_CLASS values passed to WTSQuerySessionInformationW.
const (
	infoClientName         = 10
	infoClientAddress      = 14
	infoClientProtocolType = 16
	infoSessionInfo        = 24
	infoSessionInfoEx      = 25
)

// WTS_TYPE_CLASS values of WTSFreeMemoryExW.
const (
	typeProcessInfoLevel0 = 0
	typeProcessInfoLevel1 = 1
	typeSessionInfoLevel1 = 2
)

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
	ConnectTime             int64
	DisconnectTime          int64
	LastInputTime           int64
	LogonTime               int64
	CurrentTime             int64
}

// wtsInfoExLevel1 is WTSINFOEX_LEVEL1_W.
type wtsInfoExLevel1 struct {
	SessionID               uint32
	SessionState            uint32
	SessionFlags            int32
	WinStationName          [winStationNameLength + 1]uint16
	UserName                [userNameLength + 1]uint16
	DomainName              [domainLength + 1]uint16
	LogonTime               int64
	ConnectTime             int64
	DisconnectTime          int64
	LastInputTime           int64
	CurrentTime             int64
	IncomingBytes           uint32
	OutgoingBytes           uint32
	IncomingFrames          uint32
	OutgoingFrames          uint32
	IncomingCompressedBytes uint32
	OutgoingCompressedBytes uint32
}

// wtsInfoEx is WTSINFOEXW: a level and a union that has one member,
// WTSINFOEX_LEVEL1_W.
type wtsInfoEx struct {
	Level uint32
	Data  wtsInfoExLevel1
}

// clientAddressRaw is WTS_CLIENT_ADDRESS.
type clientAddressRaw struct {
	AddressFamily uint32
	Address       [20]byte
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
// WTSEnumerateProcessesExW returns at level 1.
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
	UserTime           int64
	KernelTime         int64
}
