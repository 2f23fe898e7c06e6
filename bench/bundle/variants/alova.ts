import { alovaTokenAuth } from '../../contenders/alovaTokenAuth'
import { usePageOf } from './baseline'

export { install } from './baseline'
export const usePage = () => usePageOf(alovaTokenAuth)
