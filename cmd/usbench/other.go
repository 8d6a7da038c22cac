//go:build !linux

package main

import (
	"fmt"
	"os"
)

func run([]string) int {
	fmt.Fprintln(os.Stderr, "usbench: runs on Linux only (it reads /proc)")
	return 2
}
