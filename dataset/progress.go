package dataset

// Progress is told how far a long job is, so that a person waiting for it
// can see it move: the stages of a build (BuildStages) and the writers of a
// release (export.Publisher). Stages come one after another, never nested:
// Start, any number of Add, End.
//
// Add is called from several goroutines at once where a stage's work runs
// in parallel, so an implementation must be safe for concurrent use. Start
// and End come from the goroutine that runs the job, and no Add of a stage
// comes before its Start or after its End.
type Progress interface {
	// Start says that the stage begins and how much work it holds: total
	// units of unit (a singular noun: "rule", "row"), or 0 when that is not
	// known beforehand (then no Add comes).
	Start(stage string, total int, unit string)
	// Add says that n more units of the current stage are done. A stage's
	// units never add up to more than its total.
	Add(n int)
	// End says that the stage is over. A job that fails in the middle of a
	// stage may leave that stage without an End; BuildStages ends every
	// stage it starts.
	End(stage string)
}

// NoProgress is a Progress that tells nothing: what a job uses when given
// none.
type NoProgress struct{}

func (NoProgress) Start(string, int, string) {}
func (NoProgress) Add(int)                   {}
func (NoProgress) End(string)                {}
