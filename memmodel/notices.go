package memmodel

// NoticeCode identifies a kind of non-fatal finding. The codes are stable
// and may be matched by scripts (flinkmem check --strict).
type NoticeCode string

// Notice codes.
const (
	// NoticeClampedToMin: a fraction gave less than the option's min; the
	// min is used.
	NoticeClampedToMin NoticeCode = "fraction-raised-to-min"
	// NoticeClampedToMax: a fraction gave more than the option's max; the
	// max is used.
	NoticeClampedToMax NoticeCode = "fraction-capped-at-max"
	// NoticeFractionIgnored: a fraction was configured but explicit sizes
	// pin the component, so the fraction has no effect.
	NoticeFractionIgnored NoticeCode = "fraction-ignored"
	// NoticeDeprecatedKey: a deprecated key supplied the value.
	NoticeDeprecatedKey NoticeCode = "deprecated-key"
	// NoticeLegacyHeapMapped: a legacy heap key was read as a new option.
	NoticeLegacyHeapMapped NoticeCode = "legacy-heap-key-mapped"
	// NoticeLegacyHeapIgnored: a legacy heap key is present but the option
	// it would map to is set, so it is ignored.
	NoticeLegacyHeapIgnored NoticeCode = "legacy-heap-key-ignored"
	// NoticeLegacyNetworkBuffers: network memory comes from the legacy
	// taskmanager.network.numberOfBuffers.
	NoticeLegacyNetworkBuffers NoticeCode = "legacy-network-buffers"
	// NoticeLegacyNetworkIgnored: taskmanager.network.numberOfBuffers is set
	// but a network size option is too, so it is ignored.
	NoticeLegacyNetworkIgnored NoticeCode = "legacy-network-buffers-ignored"
	// NoticeKeyNotRead: a key the chosen line no longer reads (or never did).
	NoticeKeyNotRead NoticeCode = "key-not-read"
	// NoticeJMHeapSmall: the JobManager heap is below the recommended 128m.
	NoticeJMHeapSmall NoticeCode = "jobmanager-heap-below-recommended"
	// NoticeJMOffHeapDerived: the JobManager off-heap was derived as total
	// Flink minus heap and differs from its default.
	NoticeJMOffHeapDerived NoticeCode = "jobmanager-off-heap-derived"
)

// Notice is one non-fatal finding: something Flink accepts but only logs,
// or that a user would want to know.
type Notice struct {
	Code      NoticeCode
	Component Component
	// Key is the option the notice is about; Other a related key (the new
	// key for a deprecated one, the target of a legacy mapping).
	Key, Other string
	// Size is the value in question (before clamping, or as derived);
	// Bound the min/max or other size it is compared with.
	Size, Bound MemorySize
	Fraction    float64
}

// Message renders the notice in plain words.
func (n Notice) Message() string { return noticeMessage(n) }
