import { bareLuch } from '../../contenders/bareLuch'
import { usePageOf } from './baseline'

export { install } from './baseline'
export const usePage = () => usePageOf(bareLuch)
