package export

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// errBusy is tryLock's answer when another build holds the lock.
var errBusy = errors.New("the lock is held")

// errAgain is tryLock's answer when the lock was taken on a lock file that
// its previous holder removed meanwhile: take it again at once.
var errAgain = errors.New("the lock file was replaced")

// lockPoll is how often a waiting build tries the lock again.
const lockPoll = 10 * time.Millisecond

// lockPlace takes the lock file at path, which guards the place out,
// waiting up to wait for another build that holds it; log is told once
// when it waits. The returned function releases the lock and removes the
// file. The lock belongs to the open file, so the system releases it when
// the process dies, however it dies: a killed build never blocks the next.
func lockPlace(ctx context.Context, path, out string, wait time.Duration, log func(string, ...any)) (func(), error) {
	deadline := time.Now().Add(wait)
	told := false
	for {
		unlock, err := tryLock(path)
		switch {
		case err == nil:
			return unlock, nil
		case errors.Is(err, errAgain):
			continue
		case !errors.Is(err, errBusy):
			return nil, err
		}
		if !told {
			log("waiting for another build to finish publishing to %s …", out)
			told = true
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("another build has been publishing to %s for more than %v (it holds %s); gave up waiting", out, wait, path)
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(lockPoll):
		}
	}
}
