// js-yaml ships no types of its own; the tests use only `load` (YAML 1.2 into plain values).
declare module 'js-yaml' {
  export function load(text: string): unknown;
}
