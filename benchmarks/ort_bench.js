#!/usr/bin/env node
// Latency of one ONNX model under onnxruntime (npm onnxruntime-node), CPU
// execution provider, for benchmarks/vs_onnxruntime.py.
//
//   node benchmarks/ort_bench.js MODEL.onnx [--threads N] [--warmup N]
//        [--runs N] [--seed N] [--ort-dir DIR]
//
// Opens the model with graph optimization 'all', execution mode sequential
// and intraOpNumThreads=N (default 1; interOpNumThreads 1), feeds every input
// seeded random values (f32 uniform in [-1, 1), integers in [1, 8], like
// sic-run) of the shape its metadata gives (a symbolic dimension is 1), makes
// --warmup untimed runs, then --runs timed ones, and prints one JSON object on
// stdout: the versions, the options and time_ms {mean, stddev, min, max, p50,
// p90, p99}. Percentiles interpolate linearly between the closest ranks and
// stddev is the sample standard deviation, as in sic-run's records.
//
// Each time is one `await session.run(feeds)`: it includes the binding's own
// cost per call (N-API, tensor wrapping, the promise), which noop_add shows.
//
// onnxruntime-node is loaded from --ort-dir (default benchmarks/.ort, where
// vs_onnxruntime.py installs it), then from Node's usual module path.

'use strict';

const path = require('path');

function usage(message) {
  if (message)
    process.stderr.write(`ort_bench.js: ${message}\n`);
  process.stderr.write(
      'usage: node ort_bench.js MODEL.onnx [--threads N] [--warmup N] ' +
      '[--runs N] [--seed N] [--ort-dir DIR]\n');
  process.exit(1);
}

function parseArgs(argv) {
  const options = {
    model: null,
    threads: 1,
    warmup: 10,
    runs: 100,
    seed: 0,
    ortDir: path.join(__dirname, '.ort'),
  };
  const integers = {
    '--threads': 'threads',
    '--warmup': 'warmup',
    '--runs': 'runs',
    '--seed': 'seed',
  };
  for (let i = 0; i < argv.length; ++i) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h')
      usage();
    if (arg in integers || arg === '--ort-dir') {
      if (i + 1 >= argv.length)
        usage(`${arg} needs a value`);
      const value = argv[++i];
      if (arg === '--ort-dir') {
        options.ortDir = value;
        continue;
      }
      if (!/^\d+$/.test(value))
        usage(`${arg}: not a non-negative integer: ${value}`);
      options[integers[arg]] = Number(value);
    } else if (arg.startsWith('-')) {
      usage(`unknown option ${arg}`);
    } else if (options.model === null) {
      options.model = arg;
    } else {
      usage(`more than one model: ${arg}`);
    }
  }
  if (options.model === null)
    usage('no model');
  if (options.runs < 1)
    usage('--runs must be at least 1');
  if (options.threads < 1)
    usage('--threads must be at least 1');
  return options;
}

// onnxruntime-node from `ortDir`, else from Node's module path; exits with
// a message naming `tool` when neither has it. test/PublicModels uses it too.
function loadOrt(ortDir, tool = 'ort_bench.js') {
  const candidates = [
    path.join(path.resolve(ortDir), 'node_modules', 'onnxruntime-node'),
    'onnxruntime-node',
  ];
  const errors = [];
  for (const candidate of candidates) {
    try {
      return require(candidate);
    } catch (error) {
      errors.push(`${candidate}: ${error.message}`);
    }
  }
  process.stderr.write(`${tool}: cannot load onnxruntime-node:\n  ` +
                       errors.join('\n  ') +
                       `\ninstall it with: npm install --prefix ${ortDir} ` +
                       '--ignore-scripts onnxruntime-node@1.30.0\n');
  process.exit(1);
}

// mulberry32: a small seeded generator of uniform doubles in [0, 1).
function makeRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6D2B79F5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function makeInput(ort, meta, random) {
  if (!meta.isTensor)
    throw new Error(`input ${meta.name} is not a tensor`);
  const shape = meta.shape.map((dim) => (typeof dim === 'number' && dim >= 0)
                                            ? dim : 1);
  const count = shape.reduce((a, b) => a * b, 1);
  let data;
  switch (meta.type) {
  case 'float32':
    data = new Float32Array(count);
    for (let i = 0; i < count; ++i)
      data[i] = random() * 2 - 1;
    break;
  case 'float64':
    data = new Float64Array(count);
    for (let i = 0; i < count; ++i)
      data[i] = random() * 2 - 1;
    break;
  case 'int32':
    data = new Int32Array(count);
    for (let i = 0; i < count; ++i)
      data[i] = 1 + Math.floor(random() * 8);
    break;
  case 'int64':
    data = new BigInt64Array(count);
    for (let i = 0; i < count; ++i)
      data[i] = BigInt(1 + Math.floor(random() * 8));
    break;
  default:
    throw new Error(`input ${meta.name}: unsupported type ${meta.type}`);
  }
  return new ort.Tensor(meta.type, data, shape);
}

function getQuantile(sorted, q) {
  const rank = q * (sorted.length - 1);
  const below = Math.floor(rank);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (rank - below) * (sorted[above] - sorted[below]);
}

function computeStats(times) {
  const sorted = [...times].sort((a, b) => a - b);
  const n = times.length;
  const mean = times.reduce((a, b) => a + b, 0) / n;
  const squares = times.reduce((a, t) => a + (t - mean) * (t - mean), 0);
  return {
    mean,
    stddev: n > 1 ? Math.sqrt(squares / (n - 1)) : 0,
    min: sorted[0],
    max: sorted[n - 1],
    p50: getQuantile(sorted, 0.5),
    p90: getQuantile(sorted, 0.9),
    p99: getQuantile(sorted, 0.99),
  };
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const ort = loadOrt(options.ortDir);
  const session = await ort.InferenceSession.create(options.model, {
    executionProviders: ['cpu'],
    graphOptimizationLevel: 'all',
    executionMode: 'sequential',
    intraOpNumThreads: options.threads,
    interOpNumThreads: 1,
  });
  const random = makeRandom(options.seed);
  const feeds = {};
  for (const meta of session.inputMetadata)
    feeds[meta.name] = makeInput(ort, meta, random);

  for (let i = 0; i < options.warmup; ++i)
    await session.run(feeds);
  const times = new Array(options.runs);
  for (let i = 0; i < options.runs; ++i) {
    const start = process.hrtime.bigint();
    await session.run(feeds);
    times[i] = Number(process.hrtime.bigint() - start) / 1e6;
  }
  await session.release();

  const record = {
    format: 'ort-bench/1',
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    model: path.resolve(options.model),
    onnxruntime: ort.env.versions,
    node: process.version,
    execution_provider: 'cpu',
    graph_optimization: 'all',
    execution_mode: 'sequential',
    intra_op_threads: options.threads,
    inputs: session.inputMetadata.map(
        (m) => ({name: m.name, type: m.type, shape: feeds[m.name].dims})),
    seed: options.seed,
    warmup: options.warmup,
    runs: options.runs,
    time_ms: computeStats(times),
  };
  process.stdout.write(JSON.stringify(record, null, 2) + '\n');
}

module.exports = {loadOrt};

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`ort_bench.js: ${error.stack || error}\n`);
    process.exit(1);
  });
}
