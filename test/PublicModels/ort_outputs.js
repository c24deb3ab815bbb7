#!/usr/bin/env node
// Runs one ONNX model under onnxruntime (npm onnxruntime-node, CPU execution
// provider) on given inputs and prints its outputs, for
// check_public_models.py.
//
//   node ort_outputs.js MODEL.onnx INPUTS.json [--ort-dir DIR]
//
// INPUTS.json is a list of {name, dims, type, data}: type is an onnxruntime
// tensor type ("float32", "float64", "int32", "int64", "bool", ...) and data
// the values in C order (int64 ones as numbers or decimal strings). The
// session uses graph optimization 'all', execution mode sequential and one
// intra-op thread. Prints one JSON object on stdout: {outputName: {dims, type,
// data}}, int64 data as numbers (exact up to 2^53), bool data as 0/1.
//
// onnxruntime-node is loaded from --ort-dir (where check_public_models.py
// installs it), then from Node's usual module path.

'use strict';

const fs = require('fs');
const path = require('path');

function usage(message) {
  if (message)
    process.stderr.write(`ort_outputs.js: ${message}\n`);
  process.stderr.write(
      'usage: node ort_outputs.js MODEL.onnx INPUTS.json [--ort-dir DIR]\n');
  process.exit(1);
}

function parseArgs(argv) {
  const options = {model : null, inputs : null, ortDir : null};
  for (let i = 0; i < argv.length; ++i) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h')
      usage();
    if (arg === '--ort-dir') {
      if (i + 1 >= argv.length)
        usage(`${arg} needs a value`);
      options.ortDir = argv[++i];
    } else if (arg.startsWith('-')) {
      usage(`unknown option ${arg}`);
    } else if (options.model === null) {
      options.model = arg;
    } else if (options.inputs === null) {
      options.inputs = arg;
    } else {
      usage(`unexpected argument ${arg}`);
    }
  }
  if (options.model === null || options.inputs === null)
    usage('needs a model and an inputs file');
  return options;
}

const {loadOrt} =
    require(path.join(__dirname, '..', '..', 'benchmarks', 'ort_bench.js'));

const ARRAYS = {
  float32 : Float32Array,
  float64 : Float64Array,
  int8 : Int8Array,
  uint8 : Uint8Array,
  int16 : Int16Array,
  uint16 : Uint16Array,
  int32 : Int32Array,
  uint32 : Uint32Array,
  int64 : BigInt64Array,
  uint64 : BigUint64Array,
  bool : Uint8Array,
};

function makeTensor(ort, input) {
  const {name, dims, type, data} = input;
  const Array_ = ARRAYS[type];
  if (!Array_)
    throw new Error(`input ${name}: unsupported type ${type}`);
  const count = dims.reduce((a, b) => a * b, 1);
  if (data.length !== count)
    throw new Error(`input ${name}: ${data.length} values for dims ` +
                    `[${dims.join(', ')}]`);
  const big = type === 'int64' || type === 'uint64';
  const values = new Array_(count);
  for (let i = 0; i < count; ++i)
    values[i] =
        big ? BigInt(data[i]) : (type === 'bool' ? (data[i] ? 1 : 0) : data[i]);
  return new ort.Tensor(type, values, dims);
}

function toJson(tensor) {
  const data = Array.from(tensor.data, (value) => {
    if (typeof value === 'bigint')
      return Number(value);
    if (typeof value === 'boolean')
      return value ? 1 : 0;
    return value;
  });
  return {dims : Array.from(tensor.dims), type : tensor.type, data};
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const ort = loadOrt(options.ortDir || '.', 'ort_outputs.js');
  const inputs = JSON.parse(fs.readFileSync(options.inputs, 'utf8'));
  const session = await ort.InferenceSession.create(options.model, {
    executionProviders : [ 'cpu' ],
    graphOptimizationLevel : 'all',
    executionMode : 'sequential',
    intraOpNumThreads : 1,
    interOpNumThreads : 1,
  });
  const feeds = {};
  for (const input of inputs)
    feeds[input.name] = makeTensor(ort, input);
  const results = await session.run(feeds);
  const record = {};
  for (const name of session.outputNames)
    record[name] = toJson(results[name]);
  await session.release();
  process.stdout.write(JSON.stringify(record) + '\n');
}

main().catch((error) => {
  process.stderr.write(`ort_outputs.js: ${error.stack || error}\n`);
  process.exit(1);
});
