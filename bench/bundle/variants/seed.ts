import { seedWrapper } from '../../contenders/seedWrapper'
import { usePageOf } from './baseline'

export { install } from './baseline'
export const usePage = () => usePageOf(seedWrapper)
