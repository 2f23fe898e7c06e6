// What a compiled mini program carries: the package, with vue and pinia bundled in.
export * from '../../src/index'
export { createPinia, setActivePinia } from 'pinia'
