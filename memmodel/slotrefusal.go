package memmodel

// SlotPart names a part of the per-slot analysis, as the JSON output
// spells its field.
type SlotPart string

// The parts of the per-slot analysis Flink may refuse on their own.
const (
	PartManagedConsumers SlotPart = "managed_consumers"
	PartRocksDB          SlotPart = "rocksdb"
	PartNetworkBuffers   SlotPart = "network_buffers"
)

// SlotRefusal is one part of the per-slot analysis that Flink refuses.
type SlotRefusal struct {
	Part SlotPart
	// JobStart tells a refusal when a job starts (a consumer weight, a
	// RocksDB option) from one when the TaskManager starts (a network
	// option): the TaskManager still runs in the first case.
	JobStart bool
	Err      error
}

// Refusals lists the parts of the analysis that Flink refuses for reasons
// of their own. When the slots themselves are refused the managed-memory
// parts only repeat that refusal, which the slot error already reports, so
// they are left out.
func (r *SlotReport) Refusals() []SlotRefusal {
	var out []SlotRefusal
	if r.ProfileErr == nil {
		if r.SharesErr != nil {
			out = append(out, SlotRefusal{PartManagedConsumers, true, r.SharesErr})
		}
		if r.RocksDBErr != nil {
			out = append(out, SlotRefusal{PartRocksDB, true, r.RocksDBErr})
		}
	}
	if r.NetworkErr != nil {
		out = append(out, SlotRefusal{PartNetworkBuffers, false, r.NetworkErr})
	}
	return out
}
