package view

// The help texts of flinkmem solve and flinkmem diff.

const usageSolve = `Usage: flinkmem solve [input flags] --target NAME=VALUE … [--vary KEY …] [--fit SIZE [--maximize NAME]] [-o text|json] [--bytes]

Finds the smallest configuration that gives at least the targets: it varies the total
the configuration is sized by (taskmanager.memory.process.size, or .flink.size when that
is set; for task heap + managed configurations those two sizes), sets the options that
alone decide a target (metaspace, off-heap sizes, a fixed RocksDB budget), keeps every
other key, and answers in whole MiB. Every answer is verified by resolving it: it meets
every target, and one MiB less does not.

  --target NAME=VALUE  at least VALUE (a size such as 2g, or a count for network-buffers);
                       repeatable. TaskManager: task-heap, jvm-heap, managed,
                       managed-per-slot, rocksdb-per-slot, network, network-buffers,
                       task-off-heap, metaspace. JobManager (--jobmanager): jvm-heap,
                       off-heap, metaspace
  --vary KEY           also let the solver change KEY (repeatable): the managed or network
                       fraction, network min/max, an explicit task heap, managed, off-heap
                       or metaspace size, a fixed RocksDB budget; a key that serves a
                       target is set to the least that meets it
  --fit SIZE           keep the total process size within SIZE, a pod or machine limit:
                       Flink units (8g) or Kubernetes units (8Gi binary, 8G = 8·10⁹ bytes)
  --maximize NAME      with --fit: the configuration within the limit that gives the most
                       of NAME (task-heap, managed, network, …) while meeting the targets
  --parallelism N, --exchanges K [--forward F] [--batch]
                       the job's shape: network-buffers then defaults to what its tasks
                       require on one TaskManager (see flinkmem network)
  -o, --output FORMAT  text (default) or json: the resolve object of the solution with
                       "solution": {"set", "unset"} and "targets": [{"name", "want", "got"}]
  --bytes              show exact byte counts next to human sizes

` + inputHelp + `
Exit status: 0 solved, 1 no configuration meets the targets (the reason is printed),
2 usage or file errors.
`

const usageDiff = `Usage: flinkmem diff [input flags] [--to-flink LINE] [--to-config PATH] [--to-preset NAME] [--to-D key=value …] [--to-jobmanager] [-o text|json] [--bytes] [--width N]

Compares a configuration with a second one: the first with the --to-* changes. Shows
both layouts on one scale, every component and JVM limit before and after with the
change in bytes and percent, the keys whose default or meaning differs between the two
lines, the keys the second line no longer reads, new notices, a refusal with its fixes,
and the JVM flags that change. Between two lines it also says what the upgrade must
do: legacy and deprecated keys and their replacements, flink-conf.yaml to config.yaml.

  --to-flink LINE      the second configuration runs on this line (an upgrade or downgrade)
  --to-config PATH     layer this file over the first configuration
  --to-preset NAME     layer this preset over it
  --to-D key=value     override one option in the second configuration (repeatable)
  --to-jobmanager      resolve the JobManager on the second side
  -o, --output FORMAT  text (default) or json: {"schema":1, "from", "to", "changes",
                       "keys", "new_notices", "jvm_flags", "migration"}
  --bytes              show exact byte counts next to human sizes
  --width N            width of the bars (default 60)

` + inputHelp + `
Exit status: 0 the second configuration resolves, 1 Flink would refuse it, 2 usage or
file errors.
`
