//go:build linux

package wts

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestWineReclaimWake runs a dry reclaim through the real Windows helper
// under Wine: the power API calls (CallNtPowerInformation LastWakeTime,
// QueryInterruptTime) are made, and whatever Wine answers, the run either
// knows the last wake or chooses nothing and says why; it never acts.
func TestWineReclaimWake(t *testing.T) {
	w := wineSuite(t)
	h := w.start(t, dllConfig{})
	var res struct {
		Decisions []struct {
			ID       uint32 `json:"id"`
			Decision string `json:"decision"`
			Reason   string `json:"reason"`
			Result   *json.RawMessage
		} `json:"decisions"`
	}
	h.result("session.reclaim", map[string]any{"disconnectedForSeconds": 1, "idleForSeconds": 1, "dryRun": true}, &res)
	if len(res.Decisions) == 0 {
		t.Fatal("no decisions")
	}
	for _, d := range res.Decisions {
		t.Logf("session %d: %s: %s", d.ID, d.Decision, d.Reason)
		if d.Result != nil {
			t.Errorf("session %d was acted on in a dry run", d.ID)
		}
		// Wine 8 answers STATUS_NOT_IMPLEMENTED for LastWakeTime: the
		// wake is not known, and nothing may be chosen by a time that
		// could include sleep.
		if strings.Contains(d.Reason, "could not be read") && d.Decision != "skip" {
			t.Errorf("session %d: %s although the last wake is not known", d.ID, d.Decision)
		}
		if d.ID == 3 && !strings.Contains(d.Reason, "CallNtPowerInformation(LastWakeTime)") && d.Decision == "skip" {
			t.Errorf("session 3 (disconnected for hours) is skipped for another reason: %s", d.Reason)
		}
	}
}
