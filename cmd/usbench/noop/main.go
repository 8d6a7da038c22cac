// Command noop is the floor of the cold-start benchmark: a Go program that
// does nothing, built with the helper's flags. What it costs (the kernel
// starting a process, the Go runtime starting up) no Go helper can avoid.
package main

func main() {}
