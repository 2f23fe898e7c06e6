/// <reference types="vite/client" />
declare module '*.vue' {
  import type { DefineComponent } from 'vue'
  const component: DefineComponent<object, object, unknown>
  export default component
}
interface ImportMetaEnv {
  /** The sample backend for the mini program builds. @default 'http://127.0.0.1:8787' */
  readonly VITE_API_BASE?: string
}
