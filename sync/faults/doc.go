// Package faults holds the fault tests of the desk-to-hub sync, run against
// the real hub on 127.0.0.1: the hub down for a while, a network that drops,
// delays and cuts requests, the hub process killed in the middle of a batch,
// two desks editing one draft offline, and desk clocks hours off. Each test
// ends by checking that nothing was lost and nothing duplicated. The package
// has no code of its own outside its tests.
package faults
