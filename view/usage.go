package view

// The command line's help texts, one per command; "" is flinkmem without a
// command.

// Usage is the help text of a command ("" for flinkmem itself), or "" for
// a name that is not a command.
func Usage(command string) string {
	switch command {
	case "":
		return usageRoot
	case "resolve":
		return usageResolve
	case "network":
		return usageNetwork
	case "explain":
		return usageExplain
	case "check":
		return usageCheck
	case "solve":
		return usageSolve
	case "diff":
		return usageDiff
	case "export":
		return usageExport
	case "render":
		return usageRender
	case "diagnose":
		return usageDiagnose
	case "presets":
		return usagePresets
	case "version":
		return usageVersion
	case "help":
		return usageHelp
	}
	return ""
}

const inputHelp = `Input (layered: Flink's defaults < --preset < -c file < -D):
  -c, --config PATH    a config.yaml, a flink-conf.yaml, a Flink conf/ directory, a
                       FlinkDeployment or FlinkBlueGreenDeployment, a ConfigMap with
                       config.yaml or flink-conf.yaml, a docker-compose file or an env
                       file setting FLINK_PROPERTIES ('-' reads standard input)
  --service NAME       the docker-compose service to read (default: the one whose
                       command is taskmanager, or jobmanager with --jobmanager)
  --env                read FLINK_PROPERTIES from the environment, over the image's
                       shipped configuration (the default preset)
  -D key=value         override one option (repeatable, the last one wins; -Dkey=value works too)
  --preset NAME        start from a preset (flinkmem presets lists them); 'none' sets nothing
                       Without -c and --preset, the 'default' preset is the base, also
                       of -D options; a -D size of a process (such as
                       taskmanager.memory.flink.size) replaces the preset's total size
  --jobmanager         resolve the JobManager instead of the TaskManager (Flink 1.11 and later)
  --deployment KIND    standalone (default) or container (YARN, Kubernetes): decides what a
                       legacy heap key means; a FlinkDeployment input means container
  --flink LINE         a line, 1.10 … 1.20 or 2.0 … 2.3 (its last patch release), or a
                       release such as 1.12.1; default: the line the file names
                       (spec.flinkVersion, an image tag), else 2.3, or 1.20 when the
                       input is a flink-conf.yaml. flinkmem version lists every release
                       and how the tool's model of it is verified
  --uses LIST          the job's managed-memory consumers: rocksdb, python, operators
                       (comma-separated, or none); state.backend.type rocksdb and
                       execution.runtime-mode BATCH in the configuration count too
`

const exitHelp = `Exit status: 0 the configuration resolves, 1 Flink would refuse it, 2 usage or file errors.
`

const usageRoot = `flinkmem explores Apache Flink's TaskManager and JobManager memory model.

Usage:
  flinkmem [input flags] [--theme auto|light|dark|projector] [--ascii]
                                   the interactive explorer; when standard output is not a
                                   terminal, prints what 'flinkmem resolve' prints
  flinkmem resolve [input flags] [-o text|json] [--bytes]
  flinkmem explain [input flags] [--bytes] [--number N]
  flinkmem check   [input flags] [--strict]
  flinkmem network [input flags] --parallelism N --exchanges K [--forward F] [--slots S]
                   [--batch] [-o text|json] [--bytes]
  flinkmem solve   [input flags] --target NAME=VALUE … [--vary KEY …] [--fit SIZE
                   [--maximize NAME]] [-o text|json] [--bytes]
  flinkmem diff    [input flags] [--to-flink LINE] [--to-config PATH] [--to-preset NAME]
                   [--to-D key=value …] [--to-jobmanager] [-o text|json] [--bytes]
  flinkmem export  [input flags] [--format flink-conf|config-yaml|dynamic|jvm-args|k8s]
                   [--pinned] [-w FILE [--force]] [--update FILE]
  flinkmem render  [input flags] [--width N] [--color always|never|auto] [--ascii] [--steps]
                   [--format text|svg] [--theme dark|light|projector|projector-light] [-w PATH]
  flinkmem diagnose [input flags] [--log FILE|-] [TEXT…] [-o text|json]
  flinkmem presets [--lessons]
  flinkmem version                 (also flinkmem --version)
  flinkmem help [command]          every command also takes -h

` + inputHelp + "\n" + exitHelp

const usageResolve = `Usage: flinkmem resolve [input flags] [-o text|json] [--bytes]

Resolves the configuration as Flink does: every component with its size, its share
of the process and where it comes from, the JVM flags and the notices; for a
TaskManager also what one slot gets: each managed-memory consumer's share (--uses),
the RocksDB budget and the network buffers available. When Flink would refuse the
configuration, or a job on it because of a consumer weight, says why and how to fix it.

  -o, --output FORMAT  text (default) or json: one object with "schema": 1 and the
                       field names of Flink's conformance vectors
  --bytes              show exact byte counts next to human sizes

` + inputHelp + "\n" + exitHelp

const usageNetwork = `Usage: flinkmem network [input flags] --parallelism N --exchanges K [--forward F] [--slots S] [--batch] [-o text|json] [--bytes]

Estimates the network buffers one TaskManager must reserve when a job's tasks start,
compares them with the buffers its network memory holds, and when they do not fit
prints the smallest changes of taskmanager.memory.network.min, .max, .fraction, the
total size or read-buffer.required-per-gate.max that make them fit, each verified by
resolving the changed configuration. The estimate follows the chosen line's rules and
states its assumptions; it is not a measurement. Also prints the per-slot analysis.

  --parallelism N      the parallelism of every vertex of the job (required)
  --exchanges K        all-to-all exchanges (keyBy, rebalance, broadcast) in one
                       pipeline (required; 0 for none)
  --forward F          forward exchanges Flink could not chain (default 0)
  --slots S            slots of each TaskManager the job fills (default: the
                       configuration's taskmanager.numberOfTaskSlots)
  --batch              blocking exchanges, one vertex at a time per slot; also when
                       execution.runtime-mode is BATCH (default: streaming)
  -o, --output FORMAT  text (default) or json
  --bytes              show exact byte counts next to human sizes

Exit status: 0 the buffers suffice, 1 they do not (or Flink would refuse the
configuration), 2 usage or file errors.

` + inputHelp

const usageExplain = `Usage: flinkmem explain [input flags] [--bytes] [--number N]

Shows, for every component, the formula with its numbers, the base a fraction or
remainder was taken from, whether it was clamped, and the options that decide it;
then how the totals and the JVM flags follow, what the JVM options in env.java.opts*
and FLINK_ENV_JAVA_OPTS do (which flags they override, which collector runs), the
JVM command line Flink would launch and, for a TaskManager in a container, a
heuristic budget of the native memory JVM overhead has to cover.

  --bytes              show exact byte counts next to human sizes
  --number N           explain one number instead: which components of this
                       configuration add up to it (268435458, 256m, or a flag such
                       as -XX:MaxDirectMemorySize=268435458)

` + inputHelp + "\n" + exitHelp

const usageCheck = `Usage: flinkmem check [input flags] [--strict]

Silent when Flink accepts the configuration. Otherwise prints the reason and the
verified fixes on standard error and exits 1. A consumer weight Flink refuses when a
job starts (such as a negative weight in taskmanager.memory.managed.consumer-weights)
counts as a refusal, although the TaskManager itself would start.

  --strict             also fail (exit 1) on warnings, and print them: keys or lines Flink
                       does not read, deprecated keys, JVM flags overriding Flink's,
                       per-slot warnings (unbounded RocksDB, a consumer without weight, …);
                       information such as a fraction raised to its min passes

` + inputHelp + "\n" + exitHelp

const usageExport = `Usage: flinkmem export [input flags] [--format FORMAT] [--pinned] [-w FILE [--force]] [--update FILE]

Writes the memory options, the slot and CPU keys, and every other key the input sets
that the memory model reads (state backend, RocksDB memory, runtime mode, Python,
consumer weights, network buffer options), in the current keys of the chosen Flink
line: deprecated and legacy keys are migrated, keys the line no longer reads are
never written.

  --format FORMAT      flink-conf (Flink 1.x), config-yaml (1.19 and later), dynamic
                       (-D key=value lines), jvm-args (the JVM flags) or k8s (a
                       FlinkDeployment fragment); default config-yaml, or flink-conf
                       for a flink-conf.yaml input or a line before 1.19
  --pinned             write every component as an explicit size, so the layout cannot
                       drift with another line's defaults (default: minimal, only what
                       the configuration sets and what differs from the defaults)
  -w, --write FILE     write to FILE instead of standard output ('-' is standard output);
                       refuses to overwrite an existing file unless --force is given;
                       a regular file is replaced atomically keeping its owner and mode,
                       a FIFO, terminal or /dev/stdout is written through
  --update FILE        read FILE as the base configuration (like -c), apply --preset
                       and -D, and write the memory options back into FILE, keeping
                       every other key, every comment and the key order (a migrated
                       legacy key keeps its line); fails if FILE changes meanwhile

A configuration Flink would refuse is not exported (exit 1).

` + inputHelp + "\n" + exitHelp

const usageRender = `Usage: flinkmem render [input flags] [--width N] [--color always|never|auto] [--ascii] [--steps]
                      [--format text|svg] [--theme dark|light|projector|projector-light] [-w PATH]

Prints the explorer's bar, rulers and legend once, for docs and slides; with --steps,
every step of Flink's derivation of the configuration, one after the other.

  --width N            columns to fill (default: the terminal's width, or 100)
  --color WHEN         always, never or auto (default: colour on a terminal unless
                       NO_COLOR is set)
  --ascii              draw with plain ASCII
  --steps              the derivation step by step, in the order Flink takes it
  --format FORMAT      text (default) or svg: a standalone picture with text as text
  --theme THEME        the picture's colours: dark (default), light, projector or
                       projector-light (7:1 contrast on black or white)
  -w PATH              write the picture to the file PATH; with --steps, one picture
                       per step (step-01.svg …) into the directory PATH. Existing
                       files are never overwritten

` + inputHelp + "\n" + exitHelp

const usagePresets = `Usage: flinkmem presets [--lessons]

Lists the presets, one per line, each line starting with the preset's name. Use one
with --preset NAME; training presets are configurations Flink refuses, on purpose.

  --lessons            print the teaching course instead, as Markdown for a handout:
                       one heading per preset with its lesson, facts and links
`

const usageVersion = `Usage: flinkmem version

Prints "flinkmem <version>", then the Flink releases the tool models: the
--flink name, the releases it covers and how the model is verified (vectors
from Flink's own code, or reading its code and release notes).
flinkmem --version does the same.
`

const usageHelp = `Usage: flinkmem help [command]

Prints the usage of flinkmem or of one command.
`

const usageDiagnose = `Usage: flinkmem diagnose [input flags] [--log FILE|-] [TEXT…] [-o text|json]

Reads evidence of a memory problem (an exception, a TaskManager or JobManager log,
kubectl describe pod output, a YARN diagnostics message) from the TEXT arguments
and the log, and for each symptom it recognises prints the limit that was hit with
the components of this configuration that make it, what the message's own numbers
say about it, how much more is needed when the message tells, fixes verified by
resolving them (each with its cost), advice beyond the memory sizes, and the metric
to watch. A lone number or JVM flag as TEXT is explained against the configuration.
Without -c, -D or --preset, a log that states the memory configuration (the "Final
TaskExecutor Memory configuration" tree, the -D dynamic configs) is used as the
configuration.

  --log FILE           a log to scan ('-' reads standard input); any size
  -o, --output FORMAT  text (default) or json ({"schema": 1, "findings": [...]})

` + inputHelp + `
Exit status: 0 a symptom was recognised, 1 none was, 2 usage or file errors.
`
