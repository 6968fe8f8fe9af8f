// Numbers for people: `digits` significant digits, trailing zeros dropped, a real minus sign (U+2212),
// powers of ten written out below 1e-3 and from 1e5 on.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  formatCompact, formatNumber, formatVector, fullPrecision, relativeDifference,
} from "../../static/js/lib/format.js";

test("missing and non-finite values have words of their own", () => {
  assert.equal(formatNumber(null), "—");
  assert.equal(formatNumber(undefined), "—");
  assert.equal(formatNumber(NaN), "NaN");
  assert.equal(formatNumber(Infinity), "∞");
  assert.equal(formatNumber(-Infinity), "−∞");
  assert.equal(formatNumber(0), "0");
  assert.equal(formatNumber(-0), "0");
});

test("four significant digits by default, trailing zeros dropped", () => {
  assert.equal(formatNumber(0.5), "0.5");
  assert.equal(formatNumber(12), "12");
  assert.equal(formatNumber(100), "100");
  assert.equal(formatNumber(3.14159), "3.142");
  assert.equal(formatNumber(1234.5678), "1235");
  assert.equal(formatNumber(0.001234567), "0.001235");
});

test("negative numbers get a real minus sign", () => {
  assert.equal(formatNumber(-2.5), "−2.5");
  assert.equal(formatNumber(-0.125, 2), "−0.13");
});

test("`digits` sets the significant digits", () => {
  assert.equal(formatNumber(3.14159, 2), "3.1");
  assert.equal(formatNumber(3.14159, 6), "3.14159");
  assert.equal(formatNumber(0.000123456, 2), "1.2 × 10⁻⁴");
});

test("whole numbers below 1e5 with more digits than asked for are written out", () => {
  assert.equal(formatNumber(12345), "12345");
  assert.equal(formatNumber(1000, 3), "1000");
  assert.equal(formatNumber(-54321.4, 2), "−54321");
  // 9999.5 has 4 digits but rounds to 10000.
  assert.equal(formatNumber(9999.5), "10000");
});

test("powers of ten are written out below 1e-3 and from 1e5", () => {
  assert.equal(formatNumber(0.0001), "1 × 10⁻⁴");
  assert.equal(formatNumber(0.000987654), "9.877 × 10⁻⁴");
  assert.equal(formatNumber(100000), "1 × 10⁵");
  assert.equal(formatNumber(-123456), "−1.235 × 10⁵");
  assert.equal(formatNumber(6.02e23), "6.02 × 10²³");
  assert.equal(formatNumber(-2.5e-12), "−2.5 × 10⁻¹²");
});

test("compact numbers fit inside a neuron: two decimals, or a power of ten from 100", () => {
  assert.equal(formatCompact(0.5), "0.50");
  assert.equal(formatCompact(-1.234), "−1.23");
  assert.equal(formatCompact(0), "0.00");
  assert.equal(formatCompact(99.99), "99.99");
  assert.equal(formatCompact(150), "2e2");
  assert.equal(formatCompact(-1500), "−2e3");
  assert.equal(formatCompact(NaN), "NaN");
  assert.equal(formatCompact(-Infinity), "−∞");
});

test("vectors show their first entries and how many there are", () => {
  assert.equal(formatVector([1, -2, 0.12345]), "[1, −2, 0.123]");
  assert.equal(formatVector([]), "[]");
  assert.equal(formatVector([1, 2, 3, 4], 3, 2), "[1, 2, … 4 values]");
  assert.equal(formatVector([0.5, 0.25], 1), "[0.5, 0.3]");
});

test("full precision keeps the exact value, and nothing for none", () => {
  assert.equal(fullPrecision(0.1 + 0.2), "0.30000000000000004");
  assert.equal(fullPrecision(-1e-20), "-1e-20");
  assert.equal(fullPrecision(0), "0");
  assert.equal(fullPrecision(null), "");
  assert.equal(fullPrecision(undefined), "");
});

test("relative difference is |a - b| over the larger size", () => {
  assert.equal(relativeDifference(2, 1), 0.5);
  assert.equal(relativeDifference(-2, 2), 2);
  assert.equal(relativeDifference(0, 0), 0);
  assert.equal(relativeDifference(0, 3), 1);
  assert.equal(relativeDifference(4, 4), 0);
});
