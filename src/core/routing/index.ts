export { routeCase } from './route-case.js';
export {
  chooseAssignee,
  suggestAssignee,
  teamWorkload,
  type Candidate,
} from './suggest-assignee.js';
export { isOnShift } from './shift.js';
